-- +goose NO TRANSACTION
-- Messages become a WITHOUT ROWID table keyed by (conversation_id, seq): a conversation's
-- messages lie together in seq order, so a page of history is a few adjacent pages instead of
-- one table page per message, and an append writes one B-tree fewer (the rowid table and its
-- separate (conversation_id, seq) index were two). events_conversation_idx is dropped: nothing
-- reads events by conversation, and every message paid for its entry.
--
-- SQLite cannot change a table's storage in place, so the table is rebuilt (the procedure of
-- https://www.sqlite.org/lang_altertable.html#otheralter). Foreign keys are off meanwhile:
-- dropping the old table would otherwise run attachments' ON DELETE SET NULL on every row.
-- PRAGMA foreign_keys is ignored inside a transaction, hence NO TRANSACTION and BEGIN/COMMIT
-- of our own; goose runs it all on one connection. goose records the version only after the
-- file ran, so a crash in between runs it again: every step is safe to repeat.

-- +goose Up
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE messages_clustered (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    id              TEXT NOT NULL UNIQUE,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    sender_type     TEXT NOT NULL,
    sender_id       TEXT NOT NULL DEFAULT '',
    sender_name     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    content         TEXT NOT NULL DEFAULT '',
    client_msg_id   TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_msg_id)
) WITHOUT ROWID;
INSERT INTO messages_clustered (conversation_id, seq, id, org_id, sender_type, sender_id, sender_name, kind,
    content, client_msg_id, created_at)
SELECT conversation_id, seq, id, org_id, sender_type, sender_id, sender_name, kind, content, client_msg_id, created_at
FROM messages ORDER BY conversation_id, seq;
DROP TABLE messages;
ALTER TABLE messages_clustered RENAME TO messages;
DROP INDEX IF EXISTS events_conversation_idx;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE messages_rowid (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    sender_type     TEXT NOT NULL,
    sender_id       TEXT NOT NULL DEFAULT '',
    sender_name     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    content         TEXT NOT NULL DEFAULT '',
    client_msg_id   TEXT,
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_msg_id)
);
INSERT INTO messages_rowid (id, org_id, conversation_id, seq, sender_type, sender_id, sender_name, kind, content,
    client_msg_id, created_at)
SELECT id, org_id, conversation_id, seq, sender_type, sender_id, sender_name, kind, content, client_msg_id, created_at
FROM messages ORDER BY created_at, conversation_id, seq;
DROP TABLE messages;
ALTER TABLE messages_rowid RENAME TO messages;
CREATE INDEX IF NOT EXISTS events_conversation_idx ON events (org_id, conversation_id, seq);
COMMIT;
PRAGMA foreign_keys = ON;
