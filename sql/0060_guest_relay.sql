-- Strangers help without an account (issue 19): a guest thread has no contact account, only the SHA-256 of
-- the token in its one-time reading link, which expires. A guest's message has no author account; a guest's
-- "I saw this pet" is a message with a time, a coarse cell (never the point) and, optionally, a checked photo.
alter table relay_threads alter column contact_id drop not null;
alter table relay_threads add column guest_token_hash text unique;
alter table relay_threads add column guest_expires_at timestamptz;
alter table relay_threads add constraint relay_threads_contact_or_guest check (
  (contact_id is null) = (guest_token_hash is not null) and (guest_token_hash is null) = (guest_expires_at is null)
);
-- The per-search count of guest threads (a flood of strangers at one owner) reads this.
create index relay_threads_guest_idx on relay_threads (search_id, created_at) where contact_id is null;

alter table relay_messages alter column author_id drop not null;
alter table relay_messages add column seen_at timestamptz;
alter table relay_messages add column seen_cell text;
alter table relay_messages add column photo_key text unique;
alter table relay_messages drop constraint relay_messages_body_check;
alter table relay_messages add constraint relay_messages_body_check check (
  length(body) <= 2000 and (length(body) >= 1 or seen_at is not null)
);
alter table relay_messages add constraint relay_messages_sighting_check check ((seen_at is null) = (seen_cell is null));
