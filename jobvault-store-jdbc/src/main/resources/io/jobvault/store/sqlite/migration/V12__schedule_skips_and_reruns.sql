-- skipped_in_row: scheduled fires the overlap policy skipped since the last one that ran (schedule.skipped alerts when
-- it passes the schedule's maxSkipsInARow). rerun_of: the fire a manual trigger re-runs; its jobs are linked to that
-- fire time too (kind 'rerun'), so they count toward its coverage.
ALTER TABLE schedules ADD COLUMN skipped_in_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_fires ADD COLUMN rerun_of INTEGER;
