-- +goose Up
-- The agent's signature, which closes their replies on channels that sign messages (email).
-- Plain text of at most 2000 characters; '' = none.
ALTER TABLE agents ADD COLUMN signature TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE agents DROP COLUMN signature;
