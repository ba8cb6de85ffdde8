-- +goose Up
-- Where a session was signed in from, shown in the agent's session list so that an unknown
-- sign-in stands out. Recorded once at sign-in; sessions from before this migration show none.
ALTER TABLE sessions ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN user_agent;
ALTER TABLE sessions DROP COLUMN client_ip;
