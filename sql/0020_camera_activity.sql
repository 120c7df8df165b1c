-- Issue #20: the trail counted every camera in a cell, so anyone could register dummy cameras next to a
-- lone one and make its cell, hour and count appear. A camera now vouches for a trail area only once it
-- has proven activity: sightings received on several distinct UTC days (sightings themselves are kept
-- 72 hours at most, so the count of days is kept here, not the days). Days are numbered from the epoch.
alter table cameras add column active_days integer not null default 0;
alter table cameras add column last_active_day integer;
update cameras set active_days = activity.days, last_active_day = activity.last_day
from (
  select camera_id,
         count(distinct floor(extract(epoch from received_at) / 86400))::integer as days,
         max(floor(extract(epoch from received_at) / 86400))::integer as last_day
  from sightings group by camera_id
) as activity
where activity.camera_id = cameras.id;
-- The trail and the per-cell camera limit look cameras up by cell.
create index cameras_cell_idx on cameras (cell);
