-- Alerts: raised once per condition key while it holds (the partial unique index makes that so across nodes), then
-- resolved. Resolved rows stay as history.
CREATE TABLE alerts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         text    NOT NULL,
    rule        text    NOT NULL,
    severity    text    NOT NULL,
    title       text    NOT NULL,
    message     text    NOT NULL,
    hint        text    NOT NULL,
    context     text    NOT NULL,
    raised_at   bigint NOT NULL,
    resolved_at bigint
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (key) WHERE resolved_at IS NULL;
CREATE INDEX alerts_raised ON alerts (raised_at);
