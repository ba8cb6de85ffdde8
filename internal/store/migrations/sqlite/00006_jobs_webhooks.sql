-- +goose Up
-- Outgoing webhook subscriptions. secret is the signing secret (whsec_...): one column, read
-- only through the store's webhookSecret, so encryption at rest can wrap that one place.
-- events is the subscribed event types as a JSON array.
CREATE TABLE webhooks (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    url                  TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    events               TEXT NOT NULL,
    secret               TEXT NOT NULL,
    enabled              BOOLEAN NOT NULL DEFAULT TRUE,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    failing_since        BIGINT,
    disabled_reason      TEXT NOT NULL DEFAULT '',
    disabled_at          BIGINT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX webhooks_org_idx ON webhooks (org_id, created_at);

-- The webhook dispatcher's position in each organisation's event log (the transactional
-- outbox). A row exists exactly while the organisation has an enabled webhook, so the message
-- path writes nothing extra without one, and event pruning keeps what the cursor has not passed.
CREATE TABLE webhook_cursors (
    org_id   TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    last_seq BIGINT NOT NULL
);

-- Durable jobs: work that must happen later or again. status is pending, running (leased
-- until lease_until), failed (will retry at run_at), dead (gave up) or done. ref groups a
-- job with what it belongs to, e.g. its webhook.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    ref          TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       BIGINT NOT NULL,
    lease_until  BIGINT,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status IN ('pending', 'failed');
CREATE INDEX jobs_leased_idx ON jobs (lease_until) WHERE status = 'running';
CREATE INDEX jobs_org_idx ON jobs (org_id, status, created_at);
CREATE INDEX jobs_ref_idx ON jobs (org_id, ref, created_at);

-- One row per webhook delivery attempt: the delivery log.
CREATE TABLE webhook_attempts (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    webhook_id    TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    job_id        TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NOT NULL,
    duration_ms   BIGINT NOT NULL,
    response_body TEXT NOT NULL,
    error         TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_webhook_idx ON webhook_attempts (webhook_id, created_at);
CREATE INDEX webhook_attempts_created_idx ON webhook_attempts (created_at);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE jobs;
DROP TABLE webhook_cursors;
DROP TABLE webhooks;
