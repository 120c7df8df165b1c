-- Re-masking old photos (issue #20): people are masked in photos stored since the masking change, not in those
-- stored before it. masked_at says when a photo's people were masked (mask_version: by which masker); a photo
-- without it is never served, and the photo-mask backfill job masks it. mask_refused_at: the backfill found a
-- person as the main subject (what intake refuses), deleted the file, and the photo is never served.
-- Existing rows get null (not yet masked); rows written from now on were masked on the way in, hence the defaults.
alter table search_photos add column masked_at timestamptz;
alter table search_photos add column mask_version smallint;
alter table search_photos add column mask_refused_at timestamptz;
alter table search_photos alter column masked_at set default now();
alter table search_photos alter column mask_version set default 1;

alter table found_reports add column masked_at timestamptz;
alter table found_reports add column mask_version smallint;
alter table found_reports add column mask_refused_at timestamptz;
alter table found_reports alter column masked_at set default now();
alter table found_reports alter column mask_version set default 1;

alter table relay_messages add column masked_at timestamptz;
alter table relay_messages add column mask_version smallint;
alter table relay_messages add column mask_refused_at timestamptz;
alter table relay_messages alter column masked_at set default now();
alter table relay_messages alter column mask_version set default 1;

-- The backfill's batches read these: small while there is a backlog, empty once it is done.
create index search_photos_unmasked_idx on search_photos (id) where masked_at is null and mask_refused_at is null;
create index found_reports_unmasked_idx on found_reports (id) where masked_at is null and mask_refused_at is null;
create index relay_messages_unmasked_idx on relay_messages (id) where masked_at is null and mask_refused_at is null and photo_key is not null;
