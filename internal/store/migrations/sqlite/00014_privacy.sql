-- +goose Up
-- Retention per inbox, legal holds, and the tombstone an erased contact leaves behind.
-- retention_mode is 'off' (keep forever, the default), 'delete' or 'anonymise'; retention_days
-- counts from a conversation's last activity.
ALTER TABLE inboxes ADD COLUMN retention_mode TEXT NOT NULL DEFAULT 'off';
ALTER TABLE inboxes ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0;
-- A legal hold suspends retention and erasure of the contact or conversation it is on.
ALTER TABLE contacts ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE;
-- An erased contact keeps its id (references stay consistent) and says when and by whom.
ALTER TABLE contacts ADD COLUMN erased_at BIGINT;
ALTER TABLE contacts ADD COLUMN erased_by TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT FALSE;
-- When retention replaced the conversation's messages by placeholders; NULL while intact.
ALTER TABLE conversations ADD COLUMN anonymised_at BIGINT;
-- Retention walks one inbox's conversations oldest activity first.
CREATE INDEX conversations_inbox_activity_idx ON conversations (inbox_id, last_activity_at);

-- +goose Down
DROP INDEX conversations_inbox_activity_idx;
ALTER TABLE conversations DROP COLUMN anonymised_at;
ALTER TABLE conversations DROP COLUMN legal_hold;
ALTER TABLE contacts DROP COLUMN erased_by;
ALTER TABLE contacts DROP COLUMN erased_at;
ALTER TABLE contacts DROP COLUMN legal_hold;
ALTER TABLE inboxes DROP COLUMN retention_days;
ALTER TABLE inboxes DROP COLUMN retention_mode;
