package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// GetPIIPatterns returns the organisation's own PII patterns, empty when it has none.
func (s *Store) GetPIIPatterns(ctx context.Context, orgID string) ([]pii.PatternSpec, error) {
	var text string
	err := s.reader().queryRow(ctx, `SELECT patterns FROM org_pii_patterns WHERE org_id = ?`, orgID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return []pii.PatternSpec{}, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	specs := []pii.PatternSpec{}
	if err := json.Unmarshal([]byte(text), &specs); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode pii patterns: %w", err))
	}
	return specs, nil
}

// SetPIIPatterns replaces the organisation's own PII patterns.
func (s *Store) SetPIIPatterns(ctx context.Context, orgID string, specs []pii.PatternSpec) error {
	if specs == nil {
		specs = []pii.PatternSpec{}
	}
	now := micros(s.now())
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`INSERT INTO org_pii_patterns (org_id, patterns, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET patterns = excluded.patterns, updated_at = excluded.updated_at`,
			orgID, jsonText(specs), now)
		return dbError(err)
	})
}

// InboxPIIPolicies returns the PII policy of every inbox of the organisation, by inbox id.
func (s *Store) InboxPIIPolicies(ctx context.Context, orgID string) (map[string]kefu.PIIPolicy, error) {
	rows, err := s.reader().query(ctx, `SELECT id, pii_policy FROM inboxes WHERE org_id = ?`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := map[string]kefu.PIIPolicy{}
	for rows.Next() {
		var id string
		var p kefu.PIIPolicy
		if err := rows.Scan(&id, &p); err != nil {
			return nil, kefu.Internal(err)
		}
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	return out, nil
}

// ContactInboxIDs returns the inboxes the contact has conversations in.
func (s *Store) ContactInboxIDs(ctx context.Context, orgID, contactID string) ([]string, error) {
	return s.reader().strings(ctx, `SELECT DISTINCT inbox_id FROM conversations WHERE org_id = ? AND contact_id = ?`, orgID, contactID)
}
