-- Private previews for camera owners (issue 19): the camera owner's browser makes an HPKE key pair and sends only
-- the public key; their agent seals a small preview of an alert's snapshot to it, so they see their own frame
-- before they decide. The server keeps ciphertext only, one per alert, and forgets it with the alert: when the
-- alert is answered or withdrawn (the retention sweep), when the camera's consent is revoked, or with the account.
create table preview_keys (
  user_id text primary key,
  public_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table alert_previews (
  alert_id uuid primary key references alerts (id) on delete cascade,
  camera_id uuid not null references cameras (id) on delete cascade,
  camera_owner_id text not null,
  key_fingerprint text not null,
  enc text not null,
  -- Small by contract (a sealed JPEG of at most 48 KB), so the ciphertext lives in the row and goes with it.
  ciphertext bytea not null check (octet_length(ciphertext) <= 49168),
  created_at timestamptz not null default now()
);
create index alert_previews_camera_idx on alert_previews (camera_id);
create index alert_previews_owner_idx on alert_previews (camera_owner_id);
