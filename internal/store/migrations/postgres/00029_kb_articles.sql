-- +goose Up
-- The knowledge base. questions holds the alternative questions as a JSON array of strings:
-- they are always read and written with their article, never queried one by one (search runs
-- on an index in the process, built from the published articles), so a child table would
-- only add a join and a second write per change. id is a UUID or a slug the importer chose,
-- unique per organisation, so a knowledge base imported again updates its articles.
CREATE TABLE kb_articles (
    org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '',
    locale     TEXT NOT NULL,
    status     TEXT NOT NULL,
    questions  TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, id)
);
-- Listing: newest change first, narrowed by status and by category.
CREATE INDEX kb_articles_status ON kb_articles (org_id, status, updated_at);
CREATE INDEX kb_articles_category ON kb_articles (org_id, category, updated_at);
CREATE INDEX kb_articles_updated ON kb_articles (org_id, updated_at);

-- Each organisation's knowledge-base version, bumped in the transaction of every article
-- change: a process compares it with the version its in-process index was built at, one
-- primary-key read per search, and rebuilds when it moved (another process changed articles).
CREATE TABLE kb_versions (
    org_id  TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    version BIGINT NOT NULL
);

-- +goose Down
DROP TABLE kb_versions;
DROP TABLE kb_articles;
