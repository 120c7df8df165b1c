-- A neighbour who finds a dog or cat reports it with one photo, a coarse place and a time. The report is
-- matched against active lost searches; the searches' owners see the matches. Only the cell is stored.
create table found_reports (
  id uuid primary key default gen_random_uuid(),
  finder_id text not null references users ("id") on delete cascade,
  species text not null check (species in ('dog', 'cat')),
  cell text not null,
  found_at timestamptz not null,
  description text not null default '',
  photo_key text not null unique,
  model_id text not null,
  embedding halfvec not null,
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index found_reports_active_idx on found_reports (species, cell) where status = 'active';

create table found_matches (
  found_report_id uuid not null references found_reports (id) on delete cascade,
  search_id uuid not null references lost_searches (id) on delete cascade,
  similarity real not null,
  created_at timestamptz not null default now(),
  primary key (found_report_id, search_id)
);
create index found_matches_search_idx on found_matches (search_id, created_at desc);
