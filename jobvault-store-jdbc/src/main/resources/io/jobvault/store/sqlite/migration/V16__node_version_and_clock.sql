-- Each node records its version and how far its clock is from the database's with its heartbeat, for the
-- dashboard's Nodes page (null from nodes of an older version). (PostgreSQL: V15.)
ALTER TABLE jobvault_nodes ADD COLUMN version TEXT;
ALTER TABLE jobvault_nodes ADD COLUMN clock_skew_ms INTEGER;
