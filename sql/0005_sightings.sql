-- What a camera agent sends instead of images: one pet embedding per detection, with the camera's coarse
-- cell copied in so matching can filter by (species, cell, time) without a join. (camera_id, client_id)
-- makes re-sent batches idempotent. halfvec keeps a 512-d vector inline (1 KB) rather than TOASTed.
create table sightings (
  id bigint generated always as identity primary key,
  camera_id uuid not null references cameras (id) on delete cascade,
  client_id text not null,
  species text not null check (species in ('dog', 'cat')),
  cell text not null,
  captured_at timestamptz not null,
  score real not null check (score >= 0 and score <= 1),
  model_id text not null,
  embedding halfvec not null,
  snapshot_ref text not null,
  received_at timestamptz not null default now(),
  expires_at timestamptz not null,
  unique (camera_id, client_id)
);
create index sightings_species_cell_time_idx on sightings (species, cell, captured_at);
create index sightings_expires_idx on sightings (expires_at);
