-- +goose Up
-- Routing rules: an organisation's ordered list of "conversations like this go to that target
-- at this priority". The first enabled matching rule wins. Exactly one rule per organisation is
-- the default (no conditions, always last, never deleted); the store creates it the first time
-- an organisation's rules are read, so organisations created before and after this step are
-- alike. Conditions, target and overflow are JSON (kefu.RuleConditions, kefu.RoutingTarget,
-- kefu.Overflow; overflow NULL = none): they are read whole with the rule and never queried
-- into. Times are Unix microseconds, as everywhere.
CREATE TABLE routing_rules (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    conditions TEXT NOT NULL DEFAULT '{}',
    target     TEXT NOT NULL DEFAULT '{}',
    priority   TEXT NOT NULL DEFAULT 'none',
    overflow   TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX routing_rules_org_idx ON routing_rules (org_id, position);
-- One default rule per organisation: two requests creating it at once cannot both succeed.
CREATE UNIQUE INDEX routing_rules_default_idx ON routing_rules (org_id) WHERE is_default;

-- Agents' skills (kefu.Skill list) and languages (BCP 47 tags), read with the agent.
ALTER TABLE agents ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agents ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE agents DROP COLUMN languages;
ALTER TABLE agents DROP COLUMN skills;
DROP TABLE routing_rules;
