package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const routingRuleColumns = `id, org_id, name, position, enabled, is_default, conditions, target, priority,
	overflow, created_at, updated_at`

// routingRuleOrder puts the default rule last whatever its stored position.
const routingRuleOrder = ` ORDER BY is_default, position, id`

func scanRoutingRule(row scanner) (*kefu.RoutingRule, error) {
	var (
		r                kefu.RoutingRule
		cond, target     string
		overflow         sql.NullString
		created, updated int64
	)
	err := row.Scan(&r.ID, &r.OrgID, &r.Name, &r.Position, &r.Enabled, &r.IsDefault, &cond, &target,
		&r.Priority, &overflow, &created, &updated)
	if err != nil {
		return nil, dbError(err)
	}
	if err := decodeRuleJSON(&r, cond, target, overflow); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &r, nil
}

func decodeRuleJSON(r *kefu.RoutingRule, cond, target string, overflow sql.NullString) error {
	err := json.Unmarshal([]byte(cond), &r.Conditions)
	if err == nil {
		err = json.Unmarshal([]byte(target), &r.Target)
	}
	if err == nil && overflow.Valid {
		err = json.Unmarshal([]byte(overflow.String), &r.Overflow)
	}
	if err != nil {
		return kefu.Internal(fmt.Errorf("decode routing rule %s: %w", r.ID, err))
	}
	return nil
}

// overflowArg stores no overflow as NULL.
func overflowArg(o *kefu.Overflow) any {
	if o == nil {
		return nil
	}
	return jsonText(o)
}

// ListRoutingRules returns the organisation's routing rules in the order they are tried, the
// default rule last. An organisation whose default rule does not exist yet (created before
// routing rules, or never read since) gets it here, so every caller sees one.
func (s *Store) ListRoutingRules(ctx context.Context, orgID string) ([]kefu.RoutingRule, error) {
	rules, err := listRoutingRules(ctx, s.reader(), orgID)
	if err != nil || hasDefaultRule(rules) {
		return rules, err
	}
	if err := s.write(ctx, func(t *Tx) error { return ensureDefaultRule(t, orgID) }); err != nil {
		return nil, err
	}
	return listRoutingRules(ctx, s.reader(), orgID)
}

func listRoutingRules(ctx context.Context, c conn, orgID string) ([]kefu.RoutingRule, error) {
	rows, err := c.query(ctx, `SELECT `+routingRuleColumns+` FROM routing_rules WHERE org_id = ?`+routingRuleOrder, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	rules := []kefu.RoutingRule{}
	for rows.Next() {
		r, err := scanRoutingRule(rows)
		if err != nil {
			return nil, err
		}
		rules = append(rules, *r)
	}
	return rules, dbError(rows.Err())
}

func hasDefaultRule(rules []kefu.RoutingRule) bool {
	return len(rules) > 0 && rules[len(rules)-1].IsDefault
}

// ensureDefaultRule inserts the organisation's default rule unless it has one. The unique
// index on the default rule makes a concurrent second insert a no-op, not a duplicate.
func ensureDefaultRule(t *Tx, orgID string) error {
	d := kefu.DefaultRoutingRule(orgID)
	now := micros(t.now)
	var n int
	err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM routing_rules WHERE org_id = ?`, orgID).Scan(&n)
	if err != nil {
		return kefu.Internal(err)
	}
	_, err = t.exec(`INSERT INTO routing_rules (`+routingRuleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, newID(), orgID, d.Name, n, true, true, jsonText(d.Conditions), jsonText(d.Target),
		string(d.Priority), nil, now, now)
	if isForeignKeyViolation(err) {
		return kefu.ErrNotFound // no such organisation
	}
	return dbError(err)
}

// GetRoutingRule returns one routing rule of the organisation.
func (s *Store) GetRoutingRule(ctx context.Context, orgID, id string) (*kefu.RoutingRule, error) {
	return scanRoutingRule(s.reader().queryRow(ctx, `SELECT `+routingRuleColumns+` FROM routing_rules
		WHERE org_id = ? AND id = ?`, orgID, id))
}

// CreateRoutingRule adds a rule just before the default rule (so it is tried after every
// existing rule). It refuses a rule past kefu.MaxRoutingRules (the default included) with
// invalid input, counted inside the transaction so concurrent creations cannot pass it.
func (s *Store) CreateRoutingRule(ctx context.Context, r *kefu.RoutingRule) error {
	c := *r
	if c.ID == "" {
		c.ID = newID()
	}
	c.IsDefault = false
	err := s.write(ctx, func(t *Tx) error {
		c.CreatedAt, c.UpdatedAt = t.now, t.now
		if err := ensureDefaultRule(t, c.OrgID); err != nil {
			return err
		}
		return insertRoutingRule(t, &c)
	})
	if err != nil {
		return err
	}
	*r = c
	return nil
}

func insertRoutingRule(t *Tx, r *kefu.RoutingRule) error {
	var n int
	err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM routing_rules WHERE org_id = ?`, r.OrgID).Scan(&n)
	if err != nil {
		return kefu.Internal(err)
	}
	if n >= kefu.MaxRoutingRules {
		return kefu.Errorf(kefu.CodeInvalid, "an organisation has at most %d routing rules", kefu.MaxRoutingRules)
	}
	r.Position = n - 1 // the default rule's place; renumbering moves the default after it
	_, err = t.exec(`INSERT INTO routing_rules (`+routingRuleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Name, r.Position, r.Enabled, false, jsonText(r.Conditions), jsonText(r.Target),
		string(r.Priority), overflowArg(r.Overflow), micros(r.CreatedAt), micros(r.UpdatedAt))
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "a routing rule with this id already exists")
	}
	if err != nil {
		return dbError(err)
	}
	return renumberRoutingRules(t, r.OrgID)
}

// UpdateRoutingRule saves a rule's name, enabled switch, conditions, target, priority and
// overflow. Its position and default flag change only through reordering and never.
func (s *Store) UpdateRoutingRule(ctx context.Context, r *kefu.RoutingRule) error {
	now := s.now()
	err := s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE routing_rules SET name = ?, enabled = ?, conditions = ?, target = ?,
			priority = ?, overflow = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
			r.Name, r.Enabled, jsonText(r.Conditions), jsonText(r.Target), string(r.Priority),
			overflowArg(r.Overflow), micros(now), r.OrgID, r.ID))
	})
	if err != nil {
		return err
	}
	r.UpdatedAt = now
	return nil
}

// DeleteRoutingRule deletes a rule; the rules after it move up. The default rule cannot be
// deleted (conflict).
func (s *Store) DeleteRoutingRule(ctx context.Context, orgID, id string) error {
	return s.write(ctx, func(t *Tx) error {
		res, err := t.exec(`DELETE FROM routing_rules WHERE org_id = ? AND id = ? AND NOT is_default`, orgID, id)
		if err := mustAffect(res, err); err != nil {
			return deleteRuleRefused(t, orgID, id, err)
		}
		return renumberRoutingRules(t, orgID)
	})
}

// deleteRuleRefused explains why a delete matched nothing: the rule is the default, or it
// does not exist (err).
func deleteRuleRefused(t *Tx, orgID, id string, err error) error {
	var isDefault bool
	e := t.c.queryRow(t.ctx, `SELECT is_default FROM routing_rules WHERE org_id = ? AND id = ?`, orgID, id).Scan(&isDefault)
	if e == nil && isDefault {
		return kefu.Errorf(kefu.CodeConflict, "the default routing rule cannot be deleted")
	}
	return err
}

// ReorderRoutingRules sets the order in which rules are tried: ids must name every rule of the
// organisation except the default exactly once (the default stays last). Anything else is
// invalid input on field ids, decided inside the transaction so a concurrent create or delete
// cannot slip between the check and the write.
func (s *Store) ReorderRoutingRules(ctx context.Context, orgID string, ids []string) error {
	return s.write(ctx, func(t *Tx) error {
		current, err := t.c.strings(t.ctx, `SELECT id FROM routing_rules WHERE org_id = ? AND NOT is_default`, orgID)
		if err != nil {
			return err
		}
		if !sameIDSet(current, ids) {
			return kefu.FieldError("ids", "must list every routing rule except the default exactly once")
		}
		return setRulePositions(t, orgID, ids)
	})
}

// sameIDSet reports whether b holds exactly the ids of a, each once.
func sameIDSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[string]bool, len(a))
	for _, id := range a {
		seen[id] = true
	}
	for _, id := range b {
		if !seen[id] {
			return false
		}
		delete(seen, id)
	}
	return true
}

// renumberRoutingRules gives the organisation's rules positions 0, 1, … in their current order,
// the default last, so positions stay dense after an insert or a delete.
func renumberRoutingRules(t *Tx, orgID string) error {
	ids, err := t.c.strings(t.ctx, `SELECT id FROM routing_rules WHERE org_id = ? AND NOT is_default
		ORDER BY position, id`, orgID)
	if err != nil {
		return err
	}
	return setRulePositions(t, orgID, ids)
}

// setRulePositions numbers ids in order and the default rule after them.
func setRulePositions(t *Tx, orgID string, ids []string) error {
	for i, id := range ids {
		if _, err := t.exec(`UPDATE routing_rules SET position = ? WHERE org_id = ? AND id = ? AND position <> ?`,
			i, orgID, id, i); err != nil {
			return dbError(err)
		}
	}
	_, err := t.exec(`UPDATE routing_rules SET position = ? WHERE org_id = ? AND is_default`, len(ids), orgID)
	return dbError(err)
}
