-- Requests for data from third parties (police, agencies, brokers). Homeward has no API that answers them;
-- each one received is recorded here with the answer given, and the counts are published at /transparency.
create table data_requests (
  id uuid primary key default gen_random_uuid(),
  received_at timestamptz not null,
  requester_kind text not null,
  scope text not null,
  answer text not null check (answer in ('refused', 'no-data-held', 'disclosed-by-court-order')),
  answered_at timestamptz not null,
  created_at timestamptz not null default now()
);
