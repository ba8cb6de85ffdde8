-- +goose Up
-- The outbound delivery of an agent's reply to an external channel (email, Telegram, the API
-- channel): one row per message that needs one, inserted with the message and its job in the
-- appending transaction. A web conversation's messages never get one. status is sending, sent
-- or failed (kefu.DeliveryStatus); in_flight is set just before an attempt calls the platform
-- and cleared with its outcome, so an attempt that finds it set knows the last one was cut short
-- (kefu stopped between sending and recording) and that the platform may already have the
-- message. since is when the current run of attempts began (the commit, or the agent's retry):
-- kefu gives up on it channel_delivery_give_up later. There is no foreign key to messages: on
-- PostgreSQL the message row may still be pending in the group commit when this one is written.
CREATE TABLE message_deliveries (
    message_id      TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    inbox_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    in_flight       BOOLEAN NOT NULL DEFAULT FALSE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           TEXT NOT NULL DEFAULT '',
    platform_msg_id TEXT NOT NULL DEFAULT '',
    next_attempt_at BIGINT,
    since           BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
-- Agents' reads fill the delivery of a page of messages with one range scan.
CREATE INDEX message_deliveries_conv_idx ON message_deliveries (conversation_id, seq);

-- +goose Down
DROP TABLE message_deliveries;
