-- +goose Up
-- Data-encryption keys, each wrapped (AES-256-GCM) by the key-encryption key that kek_id names,
-- which lives outside the database (KEFU_MASTER_KEY or <data_dir>/master.key). Sealed column
-- values name their key by id ("v1:<id>:..."); a key is deleted only once nothing names it.
CREATE TABLE data_keys (
    id         TEXT PRIMARY KEY,
    kek_id     TEXT NOT NULL,
    wrapped    TEXT NOT NULL, -- base64 of nonce and ciphertext
    is_current BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
-- At most one current key, so two processes that rotate at once cannot both win.
CREATE UNIQUE INDEX data_keys_current_idx ON data_keys (is_current) WHERE is_current;

-- +goose Down
DROP TABLE data_keys;
