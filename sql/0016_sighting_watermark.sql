-- The watermark of the matcher's in-memory code cache (src/matches/sighting-code-cache.ts): the highest
-- sighting id below which every sighting that will ever be visible already is. Ids are drawn before a
-- row commits, so a lower id than one already visible can still appear. A SHARE lock on sightings waits
-- for every transaction writing to it (each holds ROW EXCLUSIVE on the table from its first statement
-- to its end) and holds new ones back while the sequence is read: every id drawn by then belongs to a
-- committed or rolled-back row. One statement, so the lock lasts microseconds; it waits at most 50 ms
-- for writes in flight, which bounds the delay it can add to ingest, and then fails (lock_not_available)
-- for the caller to try again later.
create function sighting_watermark() returns bigint
language plpgsql
set lock_timeout = '50ms'
as $$
begin
  lock table only sightings in share mode;
  return coalesce(pg_sequence_last_value(pg_get_serial_sequence('sightings', 'id')::regclass), 0);
end
$$;
