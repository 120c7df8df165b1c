-- A likely sighting of a lost pet by one camera, shown only to that camera's owner. It carries copies of
-- the camera's best sightings (time, the agent's local snapshot reference, similarity), because sightings
-- expire long before an owner may answer. At most one alert per (search, camera) per 6 hours.
create table alerts (
  id uuid primary key default gen_random_uuid(),
  search_id uuid not null references lost_searches (id) on delete cascade,
  camera_id uuid not null references cameras (id) on delete cascade,
  best_similarity real not null,
  sightings jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'dismissed', 'shared', 'withdrawn')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  answered_at timestamptz
);
create index alerts_camera_idx on alerts (camera_id, created_at desc);
create index alerts_search_camera_idx on alerts (search_id, camera_id, created_at desc);
