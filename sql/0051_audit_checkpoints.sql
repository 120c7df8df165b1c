-- Audit anchor (issue #20): the hash chain alone can be recomputed end to end after an edit. A checkpoint
-- is an HMAC, under a key that never enters the database (derived from the server's auth secret), over the
-- last audit row's seq and hash and the previous checkpoint's MAC; rewriting history then needs the key.
create table audit_checkpoints (
  seq bigint primary key,
  row_hash text not null,
  prev_mac text not null,
  mac text not null unique,
  at timestamptz not null
);

create trigger audit_checkpoints_no_update_or_delete before update or delete on audit_checkpoints
  for each row execute function audit_log_is_append_only();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_log_is_append_only();
