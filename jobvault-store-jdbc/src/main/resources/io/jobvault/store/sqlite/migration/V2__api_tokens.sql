-- API tokens for the HTTP server. Only a SHA-256 of each token is stored: a leaked database leaks no token.
CREATE TABLE api_tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    tenant      TEXT,               -- null: not bound to a tenant (sees every tenant)
    scopes      TEXT    NOT NULL,   -- comma-separated: submit, read, work, admin
    secret_hash TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
