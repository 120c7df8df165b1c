-- A camera is stored with a coarse H3 cell only: its exact location is converted on arrival and never
-- kept. Consent is explicit, versioned, expires, and is revocable; tokens and pairing codes are hashed.
create table cameras (
  id uuid primary key default gen_random_uuid(),
  owner_id text not null references users ("id") on delete cascade,
  name text not null,
  cell text not null,
  retention_hours integer not null default 72 check (retention_hours between 1 and 72),
  consent_version text,
  consent_given_at timestamptz,
  consent_expires_at timestamptz,
  consent_revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cameras_owner_idx on cameras (owner_id, created_at desc);

create table camera_pairing_codes (
  code_hash text primary key,
  camera_id uuid not null references cameras (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index camera_pairing_codes_camera_idx on camera_pairing_codes (camera_id);

create table device_tokens (
  id uuid primary key default gen_random_uuid(),
  camera_id uuid not null references cameras (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index device_tokens_camera_idx on device_tokens (camera_id);
