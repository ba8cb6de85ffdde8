-- +goose Up
-- Custom roles: an organisation's named permission sets. permissions holds one bit per
-- catalogue permission (kefu.PermSet), which is why the catalogue is never renumbered.
CREATE TABLE custom_roles (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    permissions BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

-- An agent holds a built-in role (role) or, with role 'custom', the custom role named here.
-- No ON DELETE: a role in use is refused deletion by the store before it gets here.
ALTER TABLE agents ADD COLUMN custom_role_id TEXT REFERENCES custom_roles (id);
CREATE INDEX agents_custom_role_idx ON agents (custom_role_id);

-- An API token, too, may act with a custom role (still narrowed to what its creator holds).
ALTER TABLE api_tokens ADD COLUMN custom_role_id TEXT REFERENCES custom_roles (id);

-- The organisation's team-scoping switch, also kept in settings; a column so authentication
-- reads it in the same query as the agent.
ALTER TABLE orgs ADD COLUMN team_scoping BOOLEAN NOT NULL DEFAULT FALSE;

-- The teams an inbox is attached to: with team scoping, a team's agents see its inboxes.
CREATE TABLE inbox_teams (
    org_id   TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    inbox_id TEXT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, team_id)
);
CREATE INDEX inbox_teams_team_idx ON inbox_teams (team_id);

-- +goose Down
DROP TABLE inbox_teams;
ALTER TABLE orgs DROP COLUMN team_scoping;
ALTER TABLE api_tokens DROP COLUMN custom_role_id;
DROP INDEX agents_custom_role_idx;
ALTER TABLE agents DROP COLUMN custom_role_id;
DROP TABLE custom_roles;
