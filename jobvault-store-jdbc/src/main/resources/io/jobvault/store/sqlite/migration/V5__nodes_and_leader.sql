-- Live nodes (each heartbeats its row) and leader leases (one holder per role until expires_at).
CREATE TABLE jobvault_nodes (
    id           TEXT    NOT NULL PRIMARY KEY,
    heartbeat_at INTEGER NOT NULL,
    started_at   INTEGER NOT NULL
);

CREATE TABLE jobvault_leader (
    role       TEXT    NOT NULL PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
