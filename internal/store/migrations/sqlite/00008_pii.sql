-- +goose Up
-- PII masking: each inbox's policy (off, mask, mask_at_storage) and each organisation's own
-- patterns, kept whole as a JSON list of {name, expr}: they are read and written together and
-- compiled once per organisation.
ALTER TABLE inboxes ADD COLUMN pii_policy TEXT NOT NULL DEFAULT 'off';

CREATE TABLE org_pii_patterns (
    org_id     TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    patterns   TEXT NOT NULL DEFAULT '[]',
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE org_pii_patterns;
ALTER TABLE inboxes DROP COLUMN pii_policy;
