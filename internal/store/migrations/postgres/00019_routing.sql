-- +goose Up
-- Routing (issue 16). A conversation carries its routing attributes (inquiry type, language,
-- region), the rule that routed it, whether it is an offline message to follow up, and its
-- place in the queue: priority_rank (the priority as a number, so the queue index sorts it) and
-- queued_at (set when it re-enters the queue; until then it queues from waiting_since).
-- assigned_at and assignment_opened_at serve the accept timeout and the measured wait.
ALTER TABLE conversations ADD COLUMN inquiry_type TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN routing_rule_id TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN follow_up BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE conversations ADD COLUMN priority_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN queued_at BIGINT;
ALTER TABLE conversations ADD COLUMN assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN assignment_opened_at BIGINT;
UPDATE conversations SET priority_rank = CASE priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3
    WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END;

-- The routed queue: higher priority first, then arrival. Partial like conversations_queue_idx,
-- so its read costs what the queue holds; offline messages (follow_up) never queue.
CREATE INDEX conversations_routing_queue_idx ON conversations
    (org_id, priority_rank DESC, (COALESCE(queued_at, waiting_since)), id)
    WHERE assignee_id IS NULL AND status = 'open' AND waiting_since IS NOT NULL AND follow_up = FALSE;

-- The sticky lookup: a contact's most recent earlier conversations.
CREATE INDEX conversations_contact_recent_idx ON conversations (contact_id, updated_at);

-- A contact's level (e.g. vip): a routing condition.
ALTER TABLE contacts ADD COLUMN level TEXT NOT NULL DEFAULT '';

-- Why the router did what it did to a conversation, written in the transaction that applied it.
CREATE TABLE routing_decisions (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    rule_id         TEXT NOT NULL DEFAULT '',
    rule_name       TEXT NOT NULL DEFAULT '',
    target          TEXT NOT NULL DEFAULT '{}',
    priority        TEXT NOT NULL DEFAULT 'none',
    agent_id        TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    candidates      TEXT NOT NULL DEFAULT '[]',
    created_at      BIGINT NOT NULL
);
CREATE INDEX routing_decisions_conversation_idx ON routing_decisions (conversation_id, created_at);
CREATE INDEX routing_decisions_org_created_idx ON routing_decisions (org_id, kind, created_at);

-- +goose Down
DROP TABLE routing_decisions;
ALTER TABLE contacts DROP COLUMN level;
DROP INDEX conversations_contact_recent_idx;
DROP INDEX conversations_routing_queue_idx;
ALTER TABLE conversations DROP COLUMN assignment_opened_at;
ALTER TABLE conversations DROP COLUMN assigned_at;
ALTER TABLE conversations DROP COLUMN queued_at;
ALTER TABLE conversations DROP COLUMN priority_rank;
ALTER TABLE conversations DROP COLUMN follow_up;
ALTER TABLE conversations DROP COLUMN routing_rule_id;
ALTER TABLE conversations DROP COLUMN region;
ALTER TABLE conversations DROP COLUMN language;
ALTER TABLE conversations DROP COLUMN inquiry_type;
