-- +goose Up
-- The API channel's receipts: each signed inbound request (its webhook-id) that was stored,
-- with what it became, so that a replay of it within the signature's window is answered with
-- the original result instead of being processed again. Rows older than the window are useless
-- (the timestamp check refuses the request first) and are pruned as new ones are written.
CREATE TABLE api_channel_receipts (
    inbox_id        TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    webhook_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    contact_id      TEXT NOT NULL,
    seen_at         BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, webhook_id)
);
CREATE INDEX api_channel_receipts_seen ON api_channel_receipts (inbox_id, seen_at);

-- +goose Down
DROP TABLE api_channel_receipts;
