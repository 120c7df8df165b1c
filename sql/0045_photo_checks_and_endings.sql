-- Photo checks that help instead of block (#19): a found-pet photo kept although no dog or cat was found in it
-- has no embedding, so that report is shown but never matched.
alter table found_reports alter column model_id drop not null;
alter table found_reports alter column embedding drop not null;

-- Endings: a finder closes their report, and a reunion marks the found reports linked to the search as
-- 'reunited' (undone with the search's own undo, so the link to the search is kept until then).
alter table found_reports drop constraint found_reports_status_check;
alter table found_reports add constraint found_reports_status_check check (status in ('active', 'closed', 'reunited'));
alter table found_reports add column closed_at timestamptz;
alter table found_reports add column reunited_search_id uuid references lost_searches (id) on delete set null;
create index found_reports_reunited_idx on found_reports (reunited_search_id) where reunited_search_id is not null;
create index found_reports_finder_idx on found_reports (finder_id, created_at desc);
