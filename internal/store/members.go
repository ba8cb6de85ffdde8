package store

import (
	"context"
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Team and inbox membership share one shape: (org_id, <owner>_id, agent_id) rows that an update
// replaces wholesale.

// placeholders returns "?, ?, ..." for an IN list of n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// anyArgs converts ids to query arguments, prefixed by the given leading arguments.
func anyArgs(ids []string, lead ...any) []any {
	args := append(make([]any, 0, len(lead)+len(ids)), lead...)
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}

// uniqueIDs returns ids sorted without duplicates or blanks, never nil.
func uniqueIDs(ids []string) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == "" })
	slices.Sort(out)
	return append([]string{}, slices.Compact(out)...)
}

// checkAgentsInOrg fails with invalid_input unless every id is an agent of the organisation.
func checkAgentsInOrg(t *Tx, orgID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var n int
	err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM agents WHERE org_id = ? AND id IN (`+placeholders(len(ids))+`)`,
		anyArgs(ids, orgID)...).Scan(&n)
	if err != nil {
		return kefu.Internal(err)
	}
	if n != len(ids) {
		return kefu.FieldError("member_ids", "every member must be an agent of this organisation")
	}
	return nil
}

// replaceMembers sets the members of one team or inbox. table and owner are constants of this
// package, never input.
func replaceMembers(t *Tx, table, owner, orgID, ownerID string, ids []string) error {
	if err := checkAgentsInOrg(t, orgID, ids); err != nil {
		return err
	}
	return replaceLinks(t, table, owner, "agent_id", orgID, ownerID, ids)
}

// replaceLinks replaces the rows linking one owner to members in a link table. table, owner and
// member are constants of this package, never input; the caller has checked the ids.
func replaceLinks(t *Tx, table, owner, member, orgID, ownerID string, ids []string) error {
	if _, err := t.exec(`DELETE FROM `+table+` WHERE org_id = ? AND `+owner+` = ?`, orgID, ownerID); err != nil {
		return dbError(err)
	}
	for _, id := range ids {
		_, err := t.exec(`INSERT INTO `+table+` (org_id, `+owner+`, `+member+`) VALUES (?, ?, ?)`, orgID, ownerID, id)
		if err != nil {
			return dbError(err)
		}
	}
	return nil
}

// loadMembers maps owner id to its member agent ids for an organisation, optionally one owner.
func loadMembers(ctx context.Context, c conn, table, owner, orgID, ownerID string) (map[string][]string, error) {
	return loadLinks(ctx, c, table, owner, "agent_id", orgID, ownerID)
}

// loadLinks maps owner id to its linked member ids in a link table, optionally one owner.
func loadLinks(ctx context.Context, c conn, table, owner, member, orgID, ownerID string) (map[string][]string, error) {
	q := `SELECT ` + owner + `, ` + member + ` FROM ` + table + ` WHERE org_id = ?`
	args := []any{orgID}
	if ownerID != "" {
		q += ` AND ` + owner + ` = ?`
		args = append(args, ownerID)
	}
	rows, err := c.query(ctx, q+` ORDER BY `+member, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	members := map[string][]string{}
	for rows.Next() {
		var o, a string
		if err := rows.Scan(&o, &a); err != nil {
			return nil, kefu.Internal(err)
		}
		members[o] = append(members[o], a)
	}
	return members, dbError(rows.Err())
}

// membersOf returns m[id], never nil.
func membersOf(m map[string][]string, id string) []string {
	if ids := m[id]; ids != nil {
		return ids
	}
	return []string{}
}
