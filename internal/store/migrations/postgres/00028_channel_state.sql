-- +goose Up
-- State the pull and push channels (WeChat, WeCom, mini programs, and later ones) keep between
-- requests, in generic tables so that later channels reuse them.

-- Platform access tokens, shared by every kefu process: one process refreshes a token at a
-- time (it holds the lease in refreshing_until), the others read it. token is sealed under the
-- keyring and bound to key; '' until the first token is saved. Times in unix microseconds,
-- 0 = none. Tokens belong to a platform account, not to an inbox: two inboxes of one account
-- share one token, as the platform issues only one at a time.
CREATE TABLE platform_tokens (
    key              TEXT PRIMARY KEY,
    token            TEXT NOT NULL DEFAULT '',
    expires_at       BIGINT NOT NULL DEFAULT 0,
    refreshing_until BIGINT NOT NULL DEFAULT 0
);

-- The nonces of the callbacks an inbox accepted, with a hash of their body: a nonce seen again
-- with another body is a replay. Rows older than the timestamp window are pruned as new ones
-- are written.
CREATE TABLE channel_nonces (
    inbox_id  TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    nonce     TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, nonce)
);
CREATE INDEX channel_nonces_seen ON channel_nonces (inbox_id, seen_at);

-- Pull cursors (WeCom's sync_msg cursor), moved in the transaction that stages the page.
CREATE TABLE channel_cursors (
    inbox_id   TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, name)
);

-- Platform messages taken from the platform but not yet received into conversations, in
-- staging order. An identity never reuses a seq, so deleting a received row by its seq
-- can never hit a newer one.
CREATE TABLE channel_inbound (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inbox_id  TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    org_id    TEXT NOT NULL,
    msg_id    TEXT NOT NULL,
    payload   BYTEA NOT NULL,
    staged_at BIGINT NOT NULL,
    UNIQUE (inbox_id, msg_id)
);

-- The platform message ids an inbox staged, kept 7 days after the staged row is gone, so a page
-- pulled again does not stage its messages twice.
CREATE TABLE channel_inbound_seen (
    inbox_id TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    msg_id   TEXT NOT NULL,
    seen_at  BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, msg_id)
);
CREATE INDEX channel_inbound_seen_at ON channel_inbound_seen (inbox_id, seen_at);

-- +goose Down
DROP TABLE channel_inbound_seen;
DROP TABLE channel_inbound;
DROP TABLE channel_cursors;
DROP TABLE channel_nonces;
DROP TABLE platform_tokens;
