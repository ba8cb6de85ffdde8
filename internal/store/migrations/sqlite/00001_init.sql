-- kefu initial schema for SQLite. Timestamps are BIGINT unix microseconds UTC in every dialect,
-- so values compare and sort the same way on SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE orgs (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    settings   TEXT NOT NULL DEFAULT '{}',
    event_seq  BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    avatar_url    TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    capacity      INTEGER NOT NULL DEFAULT 0,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    availability  TEXT NOT NULL DEFAULT 'offline',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX agents_org_idx ON agents (org_id);

CREATE TABLE teams (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE team_members (
    org_id   TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_agent_idx ON team_members (agent_id);

CREATE TABLE labels (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    color       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE inboxes (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    widget_key       TEXT NOT NULL UNIQUE,
    allowed_origins  TEXT NOT NULL DEFAULT '[]',
    greeting         TEXT NOT NULL DEFAULT '',
    identity_secret  TEXT NOT NULL DEFAULT '',
    enforce_identity BOOLEAN NOT NULL DEFAULT FALSE,
    settings         TEXT NOT NULL DEFAULT '{}',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX inboxes_org_idx ON inboxes (org_id);

CREATE TABLE inbox_members (
    org_id   TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    inbox_id TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, agent_id)
);
CREATE INDEX inbox_members_agent_idx ON inbox_members (agent_id);

CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    avatar_url   TEXT NOT NULL DEFAULT '',
    attributes   TEXT NOT NULL DEFAULT '{}',
    last_seen_at BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX contacts_org_created_idx ON contacts (org_id, created_at, id);

CREATE TABLE identities (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    UNIQUE (org_id, channel, external_id)
);
CREATE INDEX identities_contact_idx ON identities (contact_id);

CREATE TABLE conversations (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    inbox_id              TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    contact_id            TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status                TEXT NOT NULL,
    assignee_id           TEXT REFERENCES agents (id) ON DELETE SET NULL,
    team_id               TEXT REFERENCES teams (id) ON DELETE SET NULL,
    priority              TEXT NOT NULL,
    last_seq              BIGINT NOT NULL DEFAULT 0,
    contact_last_read_seq BIGINT NOT NULL DEFAULT 0,
    agent_last_read_seq   BIGINT NOT NULL DEFAULT 0,
    last_activity_at      BIGINT NOT NULL,
    waiting_since         BIGINT,
    snoozed_until         BIGINT,
    rating_score          INTEGER,
    rating_comment        TEXT,
    rated_at              BIGINT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX conversations_org_activity_idx ON conversations (org_id, last_activity_at, id);
CREATE INDEX conversations_org_waiting_idx ON conversations (org_id, waiting_since, id);
CREATE INDEX conversations_org_status_idx ON conversations (org_id, status);
CREATE INDEX conversations_assignee_idx ON conversations (assignee_id, status);
CREATE INDEX conversations_team_idx ON conversations (team_id);
CREATE INDEX conversations_contact_idx ON conversations (contact_id, inbox_id);
CREATE INDEX conversations_inbox_idx ON conversations (inbox_id);

CREATE TABLE conversation_labels (
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label           TEXT NOT NULL,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_org_label_idx ON conversation_labels (org_id, label);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    sender_type     TEXT NOT NULL,
    sender_id       TEXT NOT NULL DEFAULT '',
    sender_name     TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    content         TEXT NOT NULL DEFAULT '',
    client_msg_id   TEXT,
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_msg_id)
);

CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      TEXT REFERENCES messages (id) ON DELETE SET NULL,
    uploader_type   TEXT NOT NULL,
    uploader_id     TEXT NOT NULL DEFAULT '',
    file_name       TEXT NOT NULL DEFAULT '',
    content_type    TEXT NOT NULL DEFAULT '',
    size            BIGINT NOT NULL DEFAULT 0,
    sha256          TEXT NOT NULL DEFAULT '',
    storage_key     TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX attachments_conversation_idx ON attachments (conversation_id);
CREATE INDEX attachments_message_idx ON attachments (message_id);
-- The storage key is the capability in a download URL and is looked up on its own.
CREATE UNIQUE INDEX attachments_storage_key_idx ON attachments (storage_key);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    agent_id     TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL,
    prefix       TEXT NOT NULL DEFAULT '',
    hash         BLOB NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at   BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_org_idx ON api_tokens (org_id);

CREATE TABLE sessions (
    hash         BLOB PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    agent_id     TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_agent_idx ON sessions (agent_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE events (
    org_id          TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    seq             BIGINT NOT NULL,
    type            TEXT NOT NULL,
    conversation_id TEXT NOT NULL DEFAULT '',
    contact_id      TEXT NOT NULL DEFAULT '',
    inbox_id        TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (org_id, seq)
);
CREATE INDEX events_conversation_idx ON events (org_id, conversation_id, seq);
CREATE INDEX events_created_idx ON events (created_at);

-- +goose Down
DROP TABLE events;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE attachments;
DROP TABLE messages;
DROP TABLE conversation_labels;
DROP TABLE conversations;
DROP TABLE identities;
DROP TABLE contacts;
DROP TABLE inbox_members;
DROP TABLE inboxes;
DROP TABLE labels;
DROP TABLE team_members;
DROP TABLE teams;
DROP TABLE agents;
DROP TABLE orgs;
