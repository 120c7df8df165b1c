-- A lost-pet search. The exact last-seen point is kept for its owner (and later for matching by
-- distance); everyone else is only ever shown last_seen_cell, a coarse H3 cell.
create table lost_searches (
  id uuid primary key default gen_random_uuid(),
  owner_id text not null references users ("id") on delete cascade,
  species text not null check (species in ('dog', 'cat')),
  name text not null,
  description text not null default '',
  last_seen_at timestamptz not null,
  last_seen_lat double precision not null check (last_seen_lat between -90 and 90),
  last_seen_lng double precision not null check (last_seen_lng between -180 and 180),
  last_seen_cell text not null,
  radius_m integer not null check (radius_m between 50 and 5000),
  status text not null default 'active' check (status in ('active', 'found', 'closed', 'expired')),
  expires_at timestamptz not null,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index lost_searches_owner_idx on lost_searches (owner_id, created_at desc);
create index lost_searches_active_expiry_idx on lost_searches (expires_at) where status = 'active';

-- Photos are re-encoded (no EXIF, no GPS) and stored behind the storage interface; storage_key names the
-- file there. The embedding of the best pet crop is filled in by the vision pipeline.
create table search_photos (
  id uuid primary key default gen_random_uuid(),
  search_id uuid not null references lost_searches (id) on delete cascade,
  position smallint not null check (position between 0 and 4),
  storage_key text not null unique,
  content_type text not null,
  width integer not null,
  height integer not null,
  bytes integer not null,
  model_id text,
  embedding halfvec,
  created_at timestamptz not null default now(),
  unique (search_id, position)
);
