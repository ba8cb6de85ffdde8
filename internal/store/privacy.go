package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboxRetention returns an inbox's retention policy.
func (s *Store) InboxRetention(ctx context.Context, orgID, inboxID string) (kefu.RetentionPolicy, error) {
	var p kefu.RetentionPolicy
	var mode string
	err := s.reader().queryRow(ctx, `SELECT retention_mode, retention_days FROM inboxes WHERE org_id = ? AND id = ?`,
		orgID, inboxID).Scan(&mode, &p.Days)
	p.Mode = kefu.RetentionMode(mode)
	return p, dbError(err)
}

// SetInboxRetention sets an inbox's retention policy.
func (s *Store) SetInboxRetention(ctx context.Context, orgID, inboxID string, p kefu.RetentionPolicy) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE inboxes SET retention_mode = ?, retention_days = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
			string(p.Mode), p.Days, micros(t.now), orgID, inboxID))
	})
}

// RetentionPolicies lists the inboxes of every organisation whose retention is on.
func (s *Store) RetentionPolicies(ctx context.Context) ([]kefu.InboxRetention, error) {
	rows, err := s.reader().query(ctx, `SELECT org_id, id, retention_mode, retention_days FROM inboxes
		WHERE retention_mode <> 'off' AND retention_days > 0 ORDER BY org_id, id`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []kefu.InboxRetention
	for rows.Next() {
		var r kefu.InboxRetention
		var mode string
		if err := rows.Scan(&r.OrgID, &r.InboxID, &mode, &r.Policy.Days); err != nil {
			return nil, kefu.Internal(err)
		}
		r.Policy.Mode = kefu.RetentionMode(mode)
		out = append(out, r)
	}
	return out, dbError(rows.Err())
}

// ContactPrivacy returns a contact's legal hold and tombstone.
func (s *Store) ContactPrivacy(ctx context.Context, orgID, id string) (*kefu.ContactPrivacy, error) {
	p := kefu.ContactPrivacy{ContactID: id}
	var erased sql.NullInt64
	err := s.reader().queryRow(ctx, `SELECT legal_hold, erased_at, erased_by FROM contacts WHERE org_id = ? AND id = ?`,
		orgID, id).Scan(&p.LegalHold, &erased, &p.ErasedBy)
	if err != nil {
		return nil, dbError(err)
	}
	p.ErasedAt = fromNullMicros(erased)
	return &p, nil
}

// ContactErased reports whether a contact was erased; an unknown contact counts as erased, so
// a visitor token naming it authenticates no one.
func (s *Store) ContactErased(ctx context.Context, orgID, id string) (bool, error) {
	var erased sql.NullInt64
	err := s.reader().queryRow(ctx, `SELECT erased_at FROM contacts WHERE org_id = ? AND id = ?`, orgID, id).Scan(&erased)
	if err := dbError(err); err != nil {
		return kefu.IsNotFound(err), ignoreNotFound(err)
	}
	return erased.Valid, nil
}

func ignoreNotFound(err error) error {
	if kefu.IsNotFound(err) {
		return nil
	}
	return err
}

// SetContactHold puts a contact under legal hold or releases it.
func (s *Store) SetContactHold(ctx context.Context, orgID, id string, hold bool) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE contacts SET legal_hold = ? WHERE org_id = ? AND id = ?`, hold, orgID, id))
	})
}

// ConversationHold reports whether a conversation is under legal hold.
func (s *Store) ConversationHold(ctx context.Context, orgID, id string) (bool, error) {
	var hold bool
	err := s.reader().queryRow(ctx, `SELECT legal_hold FROM conversations WHERE org_id = ? AND id = ?`, orgID, id).Scan(&hold)
	return hold, dbError(err)
}

// SetConversationHold puts a conversation under legal hold or releases it.
func (s *Store) SetConversationHold(ctx context.Context, orgID, id string, hold bool) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE conversations SET legal_hold = ? WHERE org_id = ? AND id = ?`, hold, orgID, id))
	})
}

// ContactConversationIDs lists all of a contact's conversations, oldest first, for an export.
func (s *Store) ContactConversationIDs(ctx context.Context, orgID, contactID string) ([]string, error) {
	return s.reader().strings(ctx, `SELECT id FROM conversations WHERE org_id = ? AND contact_id = ? ORDER BY created_at, id`,
		orgID, contactID)
}
