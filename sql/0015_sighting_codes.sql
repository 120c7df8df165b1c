-- A search has ~30k candidate sightings (one species, a 2 km circle of coarse cells, 72 hours) and
-- scoring each 1 KB halfvec in the executor costs ~20 ms. Each sighting now also carries its
-- embedding's sign bits (pgvector binary_quantize: 64 bytes for 512 dimensions), kept in the candidate
-- index itself: a search compares every candidate's code with the search photo's in an index-only scan
-- and fetches, and scores exactly, only those within a Hamming bound that no sighting passing the
-- similarity threshold plausibly exceeds (src/matches/match.rules.ts, signCodeBound).
-- model_id leads cell in the key so codes of another model (another length) are never compared.
alter table sightings add column embedding_code varbit generated always as (binary_quantize(embedding)) stored;
drop index sightings_species_cell_time_idx;
create index sightings_candidates_idx on sightings (species, model_id, cell, captured_at) include (embedding_code, id);

-- Index-only scans skip the heap only on all-visible pages. Vacuum the open window after every ~1,000
-- new sightings rather than after a fifth of the partition (PostgreSQL's default); the layout job
-- vacuums each window after ordering it. New partitions get the same settings when they are created.
do $$
declare partition regclass;
begin
  for partition in select inhrelid::regclass from pg_inherits where inhparent = 'sightings'::regclass loop
    execute format('alter table %s set (autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0)', partition);
  end loop;
end $$;
