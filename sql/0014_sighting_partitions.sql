-- Matching reads every sighting of one species in a few cells over up to 72 hours. In arrival (time)
-- order those rows lie one per heap page, so each query touches ~one page per candidate; stored in
-- (species, cell, captured_at) order they share pages (bench/match.bench.ts measures the difference).
-- Sightings arrive in time order, so the table is split into 6-hour partitions by captured_at: a closed
-- partition is rewritten once in (species, cell, captured_at) order by the sighting-layout job
-- (src/sightings/sighting-layout.service.ts), and a partition past the longest retention is dropped
-- whole. Only the open partition stays in arrival order. The default partition catches any time no
-- partition was created for yet (rows from before this migration, or a job that has not run).
-- A partitioned table's keys must include the partition column: (camera_id, client_id, captured_at)
-- still makes a re-sent sighting a no-op, since a re-send carries the same capture time.
alter table sightings rename to sightings_unpartitioned;
alter index sightings_species_cell_time_idx rename to sightings_unpartitioned_species_cell_time_idx;
alter index sightings_expires_idx rename to sightings_unpartitioned_expires_idx;
alter table sightings_unpartitioned rename constraint sightings_pkey to sightings_unpartitioned_pkey;
alter table sightings_unpartitioned rename constraint sightings_camera_id_client_id_key to sightings_unpartitioned_camera_client_key;
alter sequence sightings_id_seq rename to sightings_unpartitioned_id_seq;

create table sightings (
  id bigint generated always as identity,
  camera_id uuid not null references cameras (id) on delete cascade,
  client_id text not null,
  species text not null check (species in ('dog', 'cat')),
  cell text not null,
  captured_at timestamptz not null,
  score real not null check (score >= 0 and score <= 1),
  model_id text not null,
  embedding halfvec not null,
  snapshot_ref text not null,
  received_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (id, captured_at),
  unique (camera_id, client_id, captured_at)
) partition by range (captured_at);
create index sightings_species_cell_time_idx on sightings (species, cell, captured_at);
create index sightings_expires_idx on sightings (expires_at);
create table sightings_default partition of sightings default;

insert into sightings (id, camera_id, client_id, species, cell, captured_at, score, model_id, embedding, snapshot_ref, received_at, expires_at)
  overriding system value
  select id, camera_id, client_id, species, cell, captured_at, score, model_id, embedding, snapshot_ref, received_at, expires_at
  from sightings_unpartitioned;
select setval(pg_get_serial_sequence('sightings', 'id'), coalesce((select max(id) from sightings_unpartitioned), 0) + 1, false);
drop table sightings_unpartitioned;

-- Which time partitions the layout job has rewritten in (species, cell, captured_at) order.
create table sighting_partitions (
  name text primary key,
  range_start timestamptz not null,
  range_end timestamptz not null,
  ordered_at timestamptz,
  ordered_rows bigint
);
