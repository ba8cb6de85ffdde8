package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const agentColumns = agentBaseColumns + `, custom_role_id, skills, languages, signature`

// agentBaseColumns are the agent columns before migration 00012. An agent without a custom role
// is inserted with these alone, so the code can fill a database of an older schema in the
// upgrade tests.
const agentBaseColumns = `id, org_id, email, name, avatar_url, role, capacity, disabled, availability,
	password_hash, created_at, updated_at`

// agentSelect reads agents (alias a) with what authorising them needs in the same query: the
// custom role's permissions and the organisation's team-scoping switch.
var agentSelect = `SELECT ` + qualified("a", agentColumns) + `, COALESCE(r.permissions, 0), o.team_scoping
	FROM agents a JOIN orgs o ON o.id = a.org_id LEFT JOIN custom_roles r ON r.id = a.custom_role_id `

// qualified prefixes every column of a comma-separated list with a table alias, for joins where
// both tables have a column of the same name.
func qualified(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + "." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// scanAgent scans agentSelect's columns, after the columns of before when a query selects more.
func scanAgent(row scanner, before ...any) (*kefu.Agent, error) {
	var (
		a                kefu.Agent
		created, updated int64
		customRole       *string
		skills, langs    string
		perms            int64
	)
	err := row.Scan(append(before, &a.ID, &a.OrgID, &a.Email, &a.Name, &a.AvatarURL, &a.Role, &a.Capacity, &a.Disabled,
		&a.Availability, &a.PasswordHash, &created, &updated, &customRole, &skills, &langs, &a.Signature, &perms, &a.OrgTeamScoping)...)
	if err != nil {
		return nil, dbError(err)
	}
	if err := decodeAgentRouting(&a, skills, langs); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	a.Perms = a.Role.Permissions()
	if customRole != nil {
		a.CustomRoleID, a.Perms = *customRole, kefu.PermSet(perms)
	}
	return &a, nil
}

// decodeAgentRouting fills an agent's skills and languages from their JSON columns; both are
// empty lists, never nil, so the API always shows a list. Most agents have neither, and every
// authenticated request reads its agent, so the empty case skips the decoder.
func decodeAgentRouting(a *kefu.Agent, skills, langs string) error {
	a.Skills, a.Languages = []kefu.Skill{}, []string{}
	if err := decodeList(skills, &a.Skills); err != nil {
		return kefu.Internal(fmt.Errorf("decode agent skills: %w", err))
	}
	if err := decodeList(langs, &a.Languages); err != nil {
		return kefu.Internal(fmt.Errorf("decode agent languages: %w", err))
	}
	return nil
}

// decodeList decodes a JSON list column into v, leaving v as it is for an empty list.
func decodeList(col string, v any) error {
	if col == "[]" {
		return nil
	}
	return json.Unmarshal([]byte(col), v)
}

// orEmpty stores a nil list as [] rather than null, so a column never holds null.
func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func prepareAgent(a *kefu.Agent, now time.Time) {
	if a.ID == "" {
		a.ID = newID()
	}
	// Emails are unique regardless of case: people type them both ways.
	a.Email = strings.ToLower(strings.TrimSpace(a.Email))
	if a.Availability == "" {
		a.Availability = kefu.Offline
	}
	a.Skills, a.Languages = orEmpty(a.Skills), orEmpty(a.Languages)
	a.CreatedAt, a.UpdatedAt = orNow(a.CreatedAt, now), orNow(a.UpdatedAt, now)
}

func insertAgent(t *Tx, a *kefu.Agent) error {
	cols, args := agentBaseColumns, []any{a.ID, a.OrgID, a.Email, a.Name, a.AvatarURL, string(a.Role), a.Capacity,
		a.Disabled, string(a.Availability), a.PasswordHash, micros(a.CreatedAt), micros(a.UpdatedAt)}
	if a.CustomRoleID != "" {
		cols, args = cols+`, custom_role_id`, append(args, a.CustomRoleID)
	}
	if len(a.Skills) > 0 || len(a.Languages) > 0 {
		cols, args = cols+`, skills, languages`, append(args, jsonText(a.Skills), jsonText(a.Languages))
	}
	if a.Signature != "" {
		cols, args = cols+`, signature`, append(args, a.Signature)
	}
	_, err := t.exec(`INSERT INTO agents (`+cols+`) VALUES (`+placeholders(len(args))+`)`, args...)
	switch {
	case isUniqueViolation(err):
		return kefu.Errorf(kefu.CodeConflict, "an agent with this email already exists")
	case isForeignKeyViolation(err):
		return kefu.ErrNotFound // the organisation or the custom role does not exist
	}
	return dbError(err)
}

// CreateAgent creates an agent. The email is stored lower-cased and is unique across all
// organisations, so sign-in needs only an email.
func (s *Store) CreateAgent(ctx context.Context, a *kefu.Agent) error {
	c := *a
	prepareAgent(&c, s.now())
	if err := s.write(ctx, func(t *Tx) error { return insertAgent(t, &c) }); err != nil {
		return err
	}
	*a = c
	return nil
}

// GetAgent returns an agent of the organisation.
func (s *Store) GetAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error) {
	return getAgent(ctx, s.reader(), orgID, id)
}

func getAgent(ctx context.Context, c conn, orgID, id string) (*kefu.Agent, error) {
	return scanAgent(c.queryRow(ctx, agentSelect+`WHERE a.org_id = ? AND a.id = ?`, orgID, id))
}

// GetAgentByEmail finds an agent in any organisation by email, ignoring case.
func (s *Store) GetAgentByEmail(ctx context.Context, email string) (*kefu.Agent, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	return scanAgent(s.reader().queryRow(ctx, agentSelect+`WHERE a.email = ?`, email))
}

// ListAgents returns the organisation's agents ordered by name.
func (s *Store) ListAgents(ctx context.Context, orgID string) ([]kefu.Agent, error) {
	rows, err := s.reader().query(ctx, agentSelect+`WHERE a.org_id = ? ORDER BY a.name, a.id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	agents := []kefu.Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, err
		}
		agents = append(agents, *a)
	}
	return agents, dbError(rows.Err())
}

// UpdateAgent saves every mutable field of an agent, including its password hash and availability.
func (s *Store) UpdateAgent(ctx context.Context, a *kefu.Agent) error {
	now := s.now()
	email := strings.ToLower(strings.TrimSpace(a.Email))
	err := s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`UPDATE agents SET email = ?, name = ?, avatar_url = ?, role = ?, capacity = ?,
			disabled = ?, availability = ?, password_hash = ?, updated_at = ?, custom_role_id = ?,
			skills = ?, languages = ?, signature = ?
			WHERE org_id = ? AND id = ?`,
			email, a.Name, a.AvatarURL, string(a.Role), a.Capacity, a.Disabled, string(a.Availability),
			a.PasswordHash, micros(now), nullString(a.CustomRoleID), jsonText(orEmpty(a.Skills)),
			jsonText(orEmpty(a.Languages)), a.Signature, a.OrgID, a.ID)
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "an agent with this email already exists")
		}
		if isForeignKeyViolation(err) {
			return kefu.FieldError("custom_role_id", "no such custom role")
		}
		return mustAffect(res, err)
	})
	if err != nil {
		return err
	}
	a.Email, a.UpdatedAt = email, now
	return nil
}

// AgentOpenLoads counts, for each of agentIDs, the assigned conversations with status open or
// pending. It reads only those agents' rows through the (assignee_id, status) index, so its cost
// follows their workload, not the size of the organisation.
func (s *Store) AgentOpenLoads(ctx context.Context, orgID string, agentIDs []string) (map[string]int, error) {
	loads := map[string]int{}
	if len(agentIDs) == 0 {
		return loads, nil
	}
	rows, err := s.reader().query(ctx, `SELECT assignee_id, COUNT(*) FROM conversations
		WHERE assignee_id IN (`+placeholders(len(agentIDs))+`) AND status IN ('open', 'pending') AND org_id = ?
		GROUP BY assignee_id`, append(anyArgs(agentIDs), orgID)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, kefu.Internal(err)
		}
		loads[id] = n
	}
	return loads, dbError(rows.Err())
}
