-- +goose Up
-- How an inbox reaches its platform: kefu.ChannelConfig as JSON (read and written whole, so a
-- new channel option needs no migration), and its credentials (kefu.ChannelSecrets as JSON),
-- sealed under the keyring like every other sealed column; '' = none.
ALTER TABLE inboxes ADD COLUMN channel_config TEXT NOT NULL DEFAULT '{}';
ALTER TABLE inboxes ADD COLUMN channel_secrets TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE inboxes DROP COLUMN channel_secrets;
ALTER TABLE inboxes DROP COLUMN channel_config;
