-- +goose Up
-- The mail of email inboxes, for threading: every Message-ID kefu received or sent in a
-- conversation, so a customer's reply naming one (In-Reply-To, References) lands there, and an
-- agent's reply carries the thread's References and subject. Kept until the conversation goes.
CREATE TABLE email_messages (
    inbox_id        TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL,  -- the Message-ID header, without angle brackets
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message         TEXT NOT NULL,  -- kefu's message carrying the mail ('' for a mail kefu did not store)
    subject         TEXT NOT NULL,
    html            TEXT NOT NULL,  -- an inbound mail whole, sanitised, quoted history included; '' for kefu's own
    created_at      BIGINT NOT NULL, -- microseconds since the epoch
    PRIMARY KEY (inbox_id, message_id)
);
CREATE INDEX email_messages_conversation ON email_messages (conversation_id, created_at);

-- Where each email inbox's IMAP worker stands: the mailbox's UIDVALIDITY and the highest UID
-- received, so a restart neither fetches old mail again nor skips new mail.
CREATE TABLE email_cursors (
    inbox_id     TEXT PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    mailbox      TEXT NOT NULL,
    uid_validity BIGINT NOT NULL,
    last_uid     BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE email_cursors;
DROP TABLE email_messages;
