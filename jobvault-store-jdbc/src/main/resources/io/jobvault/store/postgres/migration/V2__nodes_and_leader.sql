-- Live nodes (each heartbeats its row) and leader leases (one holder per role until expires_at).
CREATE TABLE jobvault_nodes (
    id           text   NOT NULL PRIMARY KEY,
    heartbeat_at bigint NOT NULL,
    started_at   bigint NOT NULL
);

CREATE TABLE jobvault_leader (
    role       text   NOT NULL PRIMARY KEY,
    holder     text   NOT NULL,
    expires_at bigint NOT NULL
);
