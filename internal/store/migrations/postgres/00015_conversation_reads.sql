-- +goose Up
-- Each agent's own read marker per conversation: every message with seq at or below
-- last_read_seq has been read by that agent. conversations.agent_last_read_seq stays the
-- marker the visitor sees ("Read"), moved only by the conversation's assignee. A marker is
-- written on every read receipt, so the key is the one an upsert needs; a list joins it by
-- (conversation_id, agent_id) too. Rows go with their conversation, agent or organisation.
CREATE TABLE conversation_reads (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    agent_id        TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    last_read_seq   BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, agent_id)
);
-- Deleting an agent cascades here: without this index each deletion would scan the table.
CREATE INDEX conversation_reads_agent_idx ON conversation_reads (agent_id);
-- Until now the one shared marker stood for everyone; it carries over as the assignee's own, so
-- nobody's inbox turns unread on upgrade for what their own assignments already showed read.
INSERT INTO conversation_reads (conversation_id, agent_id, org_id, last_read_seq, updated_at)
    SELECT id, assignee_id, org_id, agent_last_read_seq, updated_at FROM conversations
    WHERE assignee_id IS NOT NULL AND agent_last_read_seq > 0;

-- +goose Down
DROP TABLE conversation_reads;
