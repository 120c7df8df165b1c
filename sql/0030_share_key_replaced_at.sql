-- When a search's share key last replaced a different key. A camera's agent must not seal a snapshot to a
-- key that was swapped after its alert was raised without its owner seeing the new fingerprint.
alter table lost_searches add column share_key_replaced_at timestamptz;
