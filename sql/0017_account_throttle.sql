-- Sign-in and sign-up attempts per account, for a growing delay after repeated failures (issue #13).
-- The key is an HMAC of the action and the e-mail address (keyed with the auth secret), so this table
-- holds no address in clear and a database copy cannot say who was being guessed at. Client network
-- addresses are never stored: the per-address limits live in the server's memory only.
create table account_throttle (
  key text primary key,
  failures integer not null default 0,
  blocked_until timestamptz,
  updated_at timestamptz not null default now()
);
create index account_throttle_updated_idx on account_throttle (updated_at);
