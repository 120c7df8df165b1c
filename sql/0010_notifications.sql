-- Where a camera owner wants alerts besides the in-app list and stream: email (on by default) and a
-- webhook for home automation, signed per Standard Webhooks with a secret only the owner is shown.
create table notification_settings (
  user_id text primary key references users ("id") on delete cascade,
  email_enabled boolean not null default true,
  webhook_url text,
  webhook_secret text,
  updated_at timestamptz not null default now()
);

-- Outbox: one row per (event, channel), written in the transaction that opens the alert, delivered by a
-- pg-boss job with retries. The idempotency key is the delivery's identity (the webhook-id receivers
-- deduplicate on), so a retry after a crash never counts as a second notification.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  user_id text not null references users ("id") on delete cascade,
  channel text not null check (channel in ('email', 'webhook')),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sent')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
