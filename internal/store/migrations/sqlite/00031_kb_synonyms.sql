-- +goose Up
-- An organisation's synonym groups for knowledge-base search. terms is a JSON array of
-- strings: a group is always read and written whole (the search index is built from all the
-- organisation's groups at once), so a child table would only add a join. Every change bumps
-- kb_versions in its transaction, like an article change, so every process rebuilds its index.
CREATE TABLE kb_synonyms (
    org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    terms      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, id)
);

-- +goose Down
DROP TABLE kb_synonyms;
