-- "Never the same item twice to one annotator": the lease query checks, for every candidate item, whether this
-- annotator was ever assigned it. Without an index on the item, PostgreSQL answered that from assignment_annotator,
-- i.e. from every assignment the annotator ever had, so a lease cost more the longer an annotator had worked
-- (measured: PostgreSQL CPU per vote rose 5× over one benchmark). With it the check is one index probe per item.
CREATE INDEX assignment_item_annotator ON assignment (item_id, vendor_id, annotator_id);

-- Items and assignments are queue tables: every vote updates its item, every item goes from OPEN to COMPLETE, and
-- the lease query walks the open items in id order through the partial indexes. Dead entries of completed items
-- stay in those indexes until a vacuum and each lease steps over them (seen: 15 ms before the first open item), so
-- vacuum these tables after a few hundred changes instead of PostgreSQL's default of 20 % of the table.
ALTER TABLE item SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 500,
                      autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE assignment SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 1000,
                            autovacuum_analyze_scale_factor = 0.05);
