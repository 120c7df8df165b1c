-- Notifications to the pet owner (a shared snapshot, new trail activity, a matching found pet, a relay
-- message) go through the same outbox as camera alerts, each kind with its own opt-out per channel.
-- The account's time zone (from its browser) is where a notification's time is written in.
alter table notification_settings add column time_zone text not null default 'UTC';

-- An opt-out is a row: no row means the kind reaches that channel.
create table notification_opt_outs (
  user_id text not null references users ("id") on delete cascade,
  kind text not null check (kind in ('alert', 'share', 'trail', 'found', 'relay')),
  channel text not null check (channel in ('email', 'push', 'in_app')),
  primary key (user_id, kind, channel)
);

-- In-app notifications are outbox rows too (delivered when written), read back as the account's inbox.
alter table notification_outbox drop constraint notification_outbox_channel_check;
alter table notification_outbox add constraint notification_outbox_channel_check check (channel in ('email', 'webhook', 'push', 'in_app'));
alter table notification_outbox add column kind text not null default 'alert';
create index notification_outbox_inbox_idx on notification_outbox (user_id, created_at desc) where channel = 'in_app';

-- Trail activity is batched: at most one notice an hour per search. scheduled_for is set while a notice
-- job waits; last_sightings is what the owner's visible trail held when they were last told.
create table trail_notices (
  search_id uuid primary key references lost_searches (id) on delete cascade,
  scheduled_for timestamptz,
  last_notified_at timestamptz,
  last_sightings integer not null default 0
);
