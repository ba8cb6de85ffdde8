-- +goose Up
-- Invitations to join an organisation as an agent. The link's secret is stored only as its
-- SHA-256 (token_hash), like sessions and API tokens; re-issuing replaces it. Accepted and
-- revoked invitations stay for the pending list's history and the audit trail.
CREATE TABLE invitations (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email          TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL,
    custom_role_id TEXT,
    invited_by     TEXT NOT NULL DEFAULT '',
    token_hash     BLOB NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    accepted_at    BIGINT,
    agent_id       TEXT NOT NULL DEFAULT '',
    revoked_at     BIGINT
);
CREATE INDEX invitations_org_idx ON invitations (org_id, created_at);

-- +goose Down
DROP TABLE invitations;
