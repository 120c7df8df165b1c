-- End-to-end encrypted snapshot shares. The pet owner's device makes an HPKE key pair and sends only the
-- public key; a camera's agent encrypts one snapshot to it. The server keeps the ciphertext (in blob
-- storage), the sighting time and the camera's coarse cell, which its owner reveals by sharing.
alter table lost_searches add column share_public_key text;

create table shares (
  id uuid primary key default gen_random_uuid(),
  alert_id uuid not null unique references alerts (id) on delete cascade,
  search_id uuid not null references lost_searches (id) on delete cascade,
  camera_owner_id text not null,
  captured_at timestamptz not null,
  area_cell text not null,
  enc text not null,
  storage_key text not null unique,
  bytes integer not null,
  created_at timestamptz not null default now()
);
create index shares_search_idx on shares (search_id, created_at desc);
