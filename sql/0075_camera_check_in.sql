-- Issue #19: the camera owner could not tell whether their agent runs. The server keeps the camera's
-- latest check-in only, and only coarsely (rounded down to 5 minutes, rewritten only when that value
-- changes): enough for "online" and "last seen", not a presence trail. No history is kept.
alter table cameras add column last_check_in_at timestamptz;
-- The agent's long-poll for web share requests re-checks this (a few rows per camera at most).
create index alerts_share_requested_idx on alerts (camera_id, share_requested_at)
  where status = 'pending' and share_requested_at is not null;
