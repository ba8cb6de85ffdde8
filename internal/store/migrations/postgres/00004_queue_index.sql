-- +goose Up
-- The waiting queue: an organisation's open, unassigned conversations whose customer waits, in
-- arrival order. The queue drains on every new conversation and whenever capacity may have
-- appeared, so its read must cost what the queue holds, not what the organisation ever had.
-- Partial: appends move none of these columns, and rows leave it once assigned.
CREATE INDEX conversations_queue_idx ON conversations (org_id, waiting_since, id)
    WHERE assignee_id IS NULL AND status = 'open' AND waiting_since IS NOT NULL;

-- +goose Down
DROP INDEX conversations_queue_idx;
