-- +goose Up
-- One customer across channels. An identity is unique per (channel, external id, verified):
-- a signed setUser e-mail and an unverified inbound mail from the same address are two
-- identities, so the unverified one never joins the verified one's contact by itself (it is a
-- merge suggestion instead).
ALTER TABLE identities DROP CONSTRAINT identities_org_id_channel_external_id_key;
ALTER TABLE identities ADD CONSTRAINT identities_org_channel_external_verified_key UNIQUE (org_id, channel, external_id, verified);

-- A merged contact is kept (for undo), pointing at the contact it was merged into.
ALTER TABLE contacts ADD COLUMN merged_into TEXT;
CREATE INDEX contacts_org_email_idx ON contacts (org_id, email);
CREATE INDEX contacts_org_phone_idx ON contacts (org_id, phone);

-- Every merge and what it moved (kefu.ContactMerge.Moved as JSON), so unmerge restores both
-- contacts exactly; undone_at is set once, which makes a second unmerge a conflict.
CREATE TABLE contact_merges (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kept_id     TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    merged_id   TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    moved       JSONB NOT NULL DEFAULT '{}',
    merged_by   TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    undone_at   BIGINT,
    undone_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_merges_kept_idx ON contact_merges (org_id, kept_id, created_at);
CREATE INDEX contact_merges_merged_idx ON contact_merges (org_id, merged_id, created_at);

-- Merge suggestions an agent dismissed ("not the same customer"), as an ordered pair.
CREATE TABLE contact_merge_dismissals (
    org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    contact_a    TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    contact_b    TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    dismissed_by TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (org_id, contact_a, contact_b)
);

-- +goose Down
DROP TABLE contact_merge_dismissals;
DROP TABLE contact_merges;
DROP INDEX contacts_org_phone_idx;
DROP INDEX contacts_org_email_idx;
ALTER TABLE contacts DROP COLUMN merged_into;
DELETE FROM identities a USING identities b
    WHERE a.org_id = b.org_id AND a.channel = b.channel AND a.external_id = b.external_id AND NOT a.verified AND b.verified;
ALTER TABLE identities DROP CONSTRAINT identities_org_channel_external_verified_key;
ALTER TABLE identities ADD CONSTRAINT identities_org_id_channel_external_id_key UNIQUE (org_id, channel, external_id);
