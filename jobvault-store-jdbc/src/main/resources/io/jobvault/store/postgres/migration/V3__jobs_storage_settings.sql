-- Every job row is updated several times in a short life (available -> running -> succeeded) and then sits unchanged
-- until pruned. Vacuum the table far more eagerly than PostgreSQL's default (20% dead rows), so dead versions do not
-- pile up in the partial indexes claims read; leave free space in each page for the updates of fresh rows.
ALTER TABLE jobs SET (
    fillfactor = 85,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_limit = 2000
);
ALTER TABLE job_attempts SET (autovacuum_vacuum_scale_factor = 0.05);
