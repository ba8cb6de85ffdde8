package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const decisionColumns = `id, org_id, conversation_id, kind, rule_id, rule_name, target, priority, agent_id,
	reason, candidates, created_at`

// maxDecisionsListed bounds one conversation's decision log as the API returns it: a queued
// conversation records a decision per change of reason, not per drain, so this is generous.
const maxDecisionsListed = 500

// RecordDecision inserts a routing decision about the conversation the change is about, in the
// change's transaction: the decision exists exactly when what it decided was applied.
func (t *Tx) RecordDecision(d *kefu.RoutingDecision) error {
	d.ID, d.OrgID, d.ConversationID, d.CreatedAt = newID(), t.org, t.conv, t.now
	if d.Candidates == nil {
		d.Candidates = []kefu.DecisionCandidate{}
	}
	if d.Priority == "" {
		d.Priority = kefu.PriorityNone
	}
	_, err := t.exec(`INSERT INTO routing_decisions (`+decisionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.OrgID, d.ConversationID, string(d.Kind), d.RuleID, d.RuleName, jsonText(d.Target),
		string(d.Priority), d.AgentID, d.Reason, jsonText(d.Candidates), micros(d.CreatedAt))
	return dbError(err)
}

// LastDecision returns the newest decision about the conversation the change is about; nil
// when there is none.
func (t *Tx) LastDecision() (*kefu.RoutingDecision, error) {
	d, err := scanDecision(t.c.queryRow(t.ctx, `SELECT `+decisionColumns+` FROM routing_decisions
		WHERE conversation_id = ? AND org_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`, t.conv, t.org))
	if errors.Is(err, kefu.ErrNotFound) {
		return nil, nil
	}
	return d, err
}

// ListRoutingDecisions returns a conversation's routing decisions, oldest first.
func (s *Store) ListRoutingDecisions(ctx context.Context, orgID, convID string) ([]kefu.RoutingDecision, error) {
	rows, err := s.reader().query(ctx, `SELECT `+decisionColumns+` FROM routing_decisions
		WHERE org_id = ? AND conversation_id = ? ORDER BY created_at, id LIMIT ?`, orgID, convID, maxDecisionsListed)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.RoutingDecision{}
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, dbError(rows.Err())
}

func scanDecision(row scanner) (*kefu.RoutingDecision, error) {
	var (
		d                  kefu.RoutingDecision
		target, candidates string
		created            int64
	)
	err := row.Scan(&d.ID, &d.OrgID, &d.ConversationID, &d.Kind, &d.RuleID, &d.RuleName, &target, &d.Priority,
		&d.AgentID, &d.Reason, &candidates, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kefu.ErrNotFound
	}
	if err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(target), &d.Target); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode decision target: %w", err))
	}
	if err := json.Unmarshal([]byte(candidates), &d.Candidates); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode decision candidates: %w", err))
	}
	d.CreatedAt = fromMicros(created)
	return &d, nil
}
