-- Append-only audit trail: every consent change and every read of someone else's data. Each row carries
-- the hash of the previous one, so an edited or removed row breaks the chain; the triggers refuse
-- updates, deletes and truncation outright.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_type text not null check (actor_type in ('user', 'device', 'system')),
  actor_id text,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  subject_owner_id text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_owner_idx on audit_log (subject_owner_id, seq);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
