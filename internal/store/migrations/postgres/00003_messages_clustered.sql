-- +goose Up
-- The SQLite step of the same number clusters messages by conversation; PostgreSQL's heap has
-- no such layout and keeps its table. Both drop events_conversation_idx: nothing reads events
-- by conversation, and every message paid for its entry.
DROP INDEX IF EXISTS events_conversation_idx;

-- +goose Down
CREATE INDEX IF NOT EXISTS events_conversation_idx ON events (org_id, conversation_id, seq);
