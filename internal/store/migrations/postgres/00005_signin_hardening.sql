-- +goose Up
-- Failed sign-ins, shared by every kefu process: one row per subject ("account:<agent id>",
-- "ip:<address or IPv6 /64>", "device:<id>"). Unknown e-mails never get a row of their own, so
-- a spray of made-up addresses grows the table by at most one row per client address; rows
-- whose last failure is older than the backoff's memory are pruned.
CREATE TABLE login_failures (
    subject        TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at BIGINT NOT NULL,
    -- the failure before the last one, so an atomic count can tell whether the lock it was
    -- under had ended (0 for the first failure)
    prev_failed_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX login_failures_last_idx ON login_failures (last_failed_at);

-- CSRF tokens are now derived from the session hash with a server key and no longer stored.
-- Browsers fetch the derived one from /api/v1/auth/me on load, so open sessions keep working.
UPDATE sessions SET csrf_token = '';

-- +goose Down
DROP TABLE login_failures;
