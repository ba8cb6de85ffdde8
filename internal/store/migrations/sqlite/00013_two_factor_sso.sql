-- +goose Up
-- Two-factor sign-in. One row per agent who started enrolling; enabled once confirmed with a
-- code. secret is written and read only through sealCredential/openCredential, so that it can
-- be sealed at rest (like every sealed column's table, its key is a column named id). last_step
-- is the highest time step a code was accepted for: a code is accepted only for a later step,
-- so each code works once.
CREATE TABLE agent_totp (
    id         TEXT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE, -- the agent's id
    org_id     TEXT NOT NULL,
    secret     TEXT NOT NULL,
    enabled    BOOLEAN NOT NULL DEFAULT FALSE,
    last_step  BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    enabled_at BIGINT
);

-- Recovery codes, stored as SHA-256 hashes; a used code is deleted.
CREATE TABLE agent_recovery_codes (
    org_id   TEXT NOT NULL,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    hash     BLOB NOT NULL,
    PRIMARY KEY (org_id, agent_id, hash)
);

-- A session opened while the organisation requires two-factor sign-in and the agent has none
-- may only enrol until the agent has.
ALTER TABLE sessions ADD COLUMN enrol_2fa BOOLEAN NOT NULL DEFAULT FALSE;

-- One OpenID Connect provider per organisation, keyed by its id. client_secret goes through
-- sealCredential/openCredential, so that it can be sealed at rest.
CREATE TABLE oidc_providers (
    id              TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE, -- the organisation's id
    name            TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    client_secret   TEXT NOT NULL,
    scopes          TEXT NOT NULL,
    email_claim     TEXT NOT NULL,
    role_claim      TEXT NOT NULL,
    role_map        TEXT NOT NULL,
    jit             BOOLEAN NOT NULL DEFAULT FALSE,
    default_role    TEXT NOT NULL,
    allowed_domains TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE oidc_providers;
ALTER TABLE sessions DROP COLUMN enrol_2fa;
DROP TABLE agent_recovery_codes;
DROP TABLE agent_totp;
