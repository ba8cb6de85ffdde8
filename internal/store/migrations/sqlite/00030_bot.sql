-- +goose Up
-- The knowledge-base bot (issue 19). A conversation's bot state and the emotion the bot read
-- are columns because the appending transaction reads them with the conversation it locks
-- anyway: a customer's message in a conversation the bot holds queues the bot's turn there
-- (a bot.turn job), and every other message pays nothing. Emotion is a routing condition.
ALTER TABLE conversations ADD COLUMN bot_state TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN emotion TEXT NOT NULL DEFAULT '';
-- A bot message's card (kefu.BotCard as JSON); NULL for every other message.
ALTER TABLE messages ADD COLUMN bot TEXT;

-- The bot's memory of a conversation it held: the not-understood run (the decision's state),
-- how many customer messages it handled, and its hand-off (reason, emotion, the question that
-- caused it, its best guesses as a JSON array of {id, title}) for the agent who takes it.
CREATE TABLE bot_sessions (
    org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id  TEXT NOT NULL,
    inbox_id         TEXT NOT NULL,
    low_run          INTEGER NOT NULL DEFAULT 0,
    turns            INTEGER NOT NULL DEFAULT 0,
    handoff_reason   TEXT NOT NULL DEFAULT '',
    handoff_emotion  TEXT NOT NULL DEFAULT '',
    handoff_question TEXT NOT NULL DEFAULT '',
    guesses          TEXT NOT NULL DEFAULT '[]',
    handed_off_at    BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (org_id, conversation_id)
);

-- What the bot did, one row per (conversation, message, kind), written in the transaction that
-- did it, so a retried turn counts once. The metrics group it per inbox and day; the
-- unanswered questions are its unanswered / not_helpful rows with their status.
CREATE TABLE bot_events (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    inbox_id        TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    article_id      TEXT NOT NULL DEFAULT '',
    question        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, message_id, kind)
);
CREATE INDEX bot_events_day ON bot_events (org_id, created_at);
CREATE INDEX bot_events_unanswered ON bot_events (org_id, status, created_at) WHERE status <> '';

-- An organisation's OpenAI-compatible language model; api_key is sealed.
CREATE TABLE bot_llm (
    org_id          TEXT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    base_url        TEXT NOT NULL DEFAULT '',
    model           TEXT NOT NULL DEFAULT '',
    embedding_model TEXT NOT NULL DEFAULT '',
    api_key         TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE bot_llm;
DROP TABLE bot_events;
DROP TABLE bot_sessions;
ALTER TABLE messages DROP COLUMN bot;
ALTER TABLE conversations DROP COLUMN emotion;
ALTER TABLE conversations DROP COLUMN bot_state;
