-- Web Push as a third alert channel, and a camera owner's request (from the web) that their agent share.
-- A browser's push subscription: the endpoint is the capability the push service gave that browser, and
-- p256dh/auth are the keys a payload is encrypted to (RFC 8291), so the push service reads nothing.
create table push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id text not null references users ("id") on delete cascade,
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user_idx on push_subscriptions (user_id);

-- One outbox row per (alert, subscription): a retry for one browser never sends twice to another. A
-- subscription the push service forgets (404/410) is deleted; its undelivered rows then have nothing to do.
alter table notification_outbox drop constraint notification_outbox_channel_check;
alter table notification_outbox add constraint notification_outbox_channel_check check (channel in ('email', 'webhook', 'push'));
alter table notification_outbox add column push_subscription_id uuid references push_subscriptions (id) on delete set null;

-- The camera owner asked, on the web, that their agent share a snapshot; the agent polls for it.
alter table alerts add column share_requested_at timestamptz;
