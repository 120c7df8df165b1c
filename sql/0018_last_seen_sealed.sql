-- The exact last-seen point is often the owner's home: it no longer sits in clear (issue #13).
-- Matching needs only last_seen_cell and radius_m; the owner's own copy of the point is sealed
-- (AES-256-GCM, key derived from the server's auth secret, which lives outside the database) in
-- last_seen_sealed. New searches leave last_seen_lat/lng null; the server seals older rows at start
-- and clears their clear-text columns (src/searches/last-seen-seal.ts), which cannot be done in SQL.
alter table lost_searches add column last_seen_sealed text;
alter table lost_searches alter column last_seen_lat drop not null;
alter table lost_searches alter column last_seen_lng drop not null;
alter table lost_searches add constraint lost_searches_point_kept check (last_seen_sealed is not null or (last_seen_lat is not null and last_seen_lng is not null));
