-- +goose Up
-- A conversation transferred to a skill that nobody could take at once waits in the queue for
-- an agent with that skill (kefu.SkillRequirement list, read whole with the conversation, never
-- queried into); cleared when an agent takes it.
ALTER TABLE conversations ADD COLUMN required_skills TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE conversations DROP COLUMN required_skills;
