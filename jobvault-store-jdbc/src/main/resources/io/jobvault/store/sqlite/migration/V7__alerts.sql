-- Alerts: raised once per condition key while it holds (the partial unique index makes that so across nodes), then
-- resolved. Resolved rows stay as history.
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    hint        TEXT    NOT NULL,
    context     TEXT    NOT NULL,
    raised_at   INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_raised ON alerts (raised_at);
