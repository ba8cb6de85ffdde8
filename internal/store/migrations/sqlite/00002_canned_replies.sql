-- +goose Up
-- Canned replies: owner_id is '' for replies shared by the organisation, so the unique key
-- covers shared and personal shortcuts alike (NULLs would never collide).
CREATE TABLE canned_replies (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    owner_id   TEXT NOT NULL DEFAULT '',
    shortcut   TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (org_id, owner_id, shortcut)
);

-- +goose Down
DROP TABLE canned_replies;
