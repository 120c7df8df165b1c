-- Retention (issue #20): a search closed, found or expired for long enough keeps only what the public
-- counts need (species, cell, dates, status); its photos, name, description and sealed point are removed
-- and stripped_at says when. A stripped search may hold no point at all, sealed or clear.
alter table lost_searches add column stripped_at timestamptz;
alter table lost_searches drop constraint lost_searches_point_kept;
alter table lost_searches add constraint lost_searches_point_kept
  check (stripped_at is not null or last_seen_sealed is not null or (last_seen_lat is not null and last_seen_lng is not null));
