-- Pet-as-proxy (issue #13): anyone can photograph a neighbour's dog, report it "lost" and read where it
-- (and whoever walks it) passes cameras. A new search whose photos match another account's open search
-- nearby is opened 'held': not public, not matched, no trail, until the first reporter decides.
alter table lost_searches drop constraint lost_searches_status_check;
alter table lost_searches add constraint lost_searches_status_check check (status in ('active', 'found', 'closed', 'expired', 'held'));

create table search_holds (
  id uuid primary key default gen_random_uuid(),
  held_search_id uuid not null unique references lost_searches (id) on delete cascade,
  first_search_id uuid not null references lost_searches (id) on delete cascade,
  -- Who opened the held search, kept so repeated attempts by one account are refused outright.
  held_owner_id text not null references users ("id") on delete cascade,
  similarity real not null,
  decision text check (decision in ('released', 'refused')),
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
create index search_holds_first_idx on search_holds (first_search_id) where decision is null;
create index search_holds_owner_idx on search_holds (held_owner_id, created_at);

-- Proxy attempts refused outright (no search row is written for them), for /transparency.
create table proxy_refusals (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now()
);
