-- +goose Up
-- The tamper-evident audit log: one hash chain per organisation (org_id '' is the installation's
-- own chain, for events no organisation owns). seq counts an organisation's entries from 1
-- without gaps; hash covers the row's other fields and prev_hash. No foreign key to orgs: the
-- log must outlive what it records, the deletion of an organisation included. before_json and
-- after_json are TEXT, not a JSON type, so the bytes that were hashed are the bytes kept.
CREATE TABLE audit_log (
    org_id      TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    token_id    TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (org_id, seq)
);
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, seq);
CREATE INDEX audit_log_target ON audit_log (org_id, target_type, target_id, seq);

-- The newest entry of each chain, kept apart from the entries so that deleting the newest rows
-- shows; appends lock this row (PostgreSQL) so every node extends one linear chain.
CREATE TABLE audit_heads (
    org_id TEXT PRIMARY KEY,
    seq    BIGINT NOT NULL,
    hash   TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_heads;
DROP TABLE audit_log;
