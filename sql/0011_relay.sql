-- Contact between a pet owner and a finder, camera owner or neighbour goes through these threads, so
-- neither side ever sees the other's email. One thread per (search, contact).
create table relay_threads (
  id uuid primary key default gen_random_uuid(),
  search_id uuid not null references lost_searches (id) on delete cascade,
  contact_id text not null references users ("id") on delete cascade,
  created_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  unique (search_id, contact_id)
);
create index relay_threads_contact_idx on relay_threads (contact_id, last_message_at desc);

create table relay_messages (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references relay_threads (id) on delete cascade,
  author_id text not null references users ("id") on delete cascade,
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index relay_messages_thread_idx on relay_messages (thread_id, created_at);
