package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const invitationColumns = `id, org_id, email, name, role, custom_role_id, invited_by, token_hash, created_at,
	expires_at, accepted_at, agent_id, revoked_at`

const invitationSelect = `SELECT ` + invitationColumns + ` FROM invitations `

func scanInvitation(row scanner) (*kefu.Invitation, error) {
	var (
		iv                kefu.Invitation
		created, expires  int64
		accepted, revoked sql.NullInt64
		customRole        sql.NullString
	)
	err := row.Scan(&iv.ID, &iv.OrgID, &iv.Email, &iv.Name, &iv.Role, &customRole, &iv.InvitedBy, &iv.TokenHash,
		&created, &expires, &accepted, &iv.AgentID, &revoked)
	if err != nil {
		return nil, dbError(err)
	}
	iv.CustomRoleID = customRole.String
	iv.CreatedAt, iv.ExpiresAt = fromMicros(created), fromMicros(expires)
	iv.AcceptedAt, iv.RevokedAt = fromNullMicros(accepted), fromNullMicros(revoked)
	return &iv, nil
}

// CreateInvitation stores a new invitation. It fails with conflict when an agent already has
// the e-mail (agents' e-mails are unique across organisations) or when the organisation has
// a pending invitation for it: that one should be re-issued instead.
func (s *Store) CreateInvitation(ctx context.Context, i *kefu.Invitation) error {
	c := *i
	if c.ID == "" {
		c.ID = newID()
	}
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.CreatedAt, c.ExpiresAt = orNow(c.CreatedAt, s.now()), normTime(c.ExpiresAt)
	err := s.write(ctx, func(t *Tx) error {
		if err := checkInvitable(t, c.OrgID, c.Email, c.CreatedAt); err != nil {
			return err
		}
		_, err := t.exec(`INSERT INTO invitations (`+invitationColumns+`) VALUES (`+placeholders(13)+`)`,
			c.ID, c.OrgID, c.Email, c.Name, string(c.Role), nullString(c.CustomRoleID), c.InvitedBy, c.TokenHash,
			micros(c.CreatedAt), micros(c.ExpiresAt), nil, "", nil)
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "this invitation already exists")
		}
		return dbError(err)
	})
	if err != nil {
		return err
	}
	*i = c
	return nil
}

// checkInvitable fails with conflict when email belongs to an agent or has an invitation of
// the organisation still pending at now.
func checkInvitable(t *Tx, orgID, email string, now time.Time) error {
	var agents, pending int
	err := t.c.queryRow(t.ctx, `SELECT
		(SELECT COUNT(*) FROM agents WHERE email = ?),
		(SELECT COUNT(*) FROM invitations WHERE org_id = ? AND email = ? AND accepted_at IS NULL
			AND revoked_at IS NULL AND expires_at > ?)`, email, orgID, email, micros(now)).Scan(&agents, &pending)
	switch {
	case err != nil:
		return kefu.Internal(err)
	case agents > 0:
		return &kefu.Error{Code: kefu.CodeConflict, Field: "email", Message: "an agent with this e-mail already exists"}
	case pending > 0:
		return &kefu.Error{Code: kefu.CodeConflict, Field: "email", Message: "this e-mail has a pending invitation: re-issue it instead"}
	}
	return nil
}

// GetInvitation returns an invitation of the organisation.
func (s *Store) GetInvitation(ctx context.Context, orgID, id string) (*kefu.Invitation, error) {
	return scanInvitation(s.reader().queryRow(ctx, invitationSelect+`WHERE org_id = ? AND id = ?`, orgID, id))
}

// GetInvitationByHash finds an invitation in any organisation by the hash of its link's
// secret, whatever its state: the caller tells used, revoked and expired links apart.
func (s *Store) GetInvitationByHash(ctx context.Context, hash []byte) (*kefu.Invitation, error) {
	return scanInvitation(s.reader().queryRow(ctx, invitationSelect+`WHERE token_hash = ?`, hash))
}

// ListInvitations returns the organisation's invitations, newest first.
func (s *Store) ListInvitations(ctx context.Context, orgID string) ([]kefu.Invitation, error) {
	rows, err := s.reader().query(ctx, invitationSelect+`WHERE org_id = ? ORDER BY created_at DESC, id DESC`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	list := []kefu.Invitation{}
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, *i)
	}
	return list, dbError(rows.Err())
}

// ReissueInvitation gives an invitation that was not accepted a new secret and expiry, which
// kills the old link, and makes it pending again (a revoked one too). An accepted invitation
// is not found.
func (s *Store) ReissueInvitation(ctx context.Context, orgID, id string, hash []byte, expires time.Time, by string) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE invitations SET token_hash = ?, expires_at = ?, invited_by = ?, revoked_at = NULL
			WHERE org_id = ? AND id = ? AND accepted_at IS NULL`, hash, micros(normTime(expires)), by, orgID, id))
	})
}

// RevokeInvitation withdraws an invitation that was not accepted; revoking twice keeps the
// first time. An accepted invitation is not found.
func (s *Store) RevokeInvitation(ctx context.Context, orgID, id string, at time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE invitations SET revoked_at = COALESCE(revoked_at, ?)
			WHERE org_id = ? AND id = ? AND accepted_at IS NULL`, micros(at), orgID, id))
	})
}

// AcceptInvitation marks the invitation whose secret hashes to hash accepted and creates its
// agent, in one transaction. The update is conditional on the invitation still being pending at
// at, so of two concurrent acceptances of one link exactly one creates an agent; the other
// gets invitation_used.
func (s *Store) AcceptInvitation(ctx context.Context, hash []byte, a *kefu.Agent, at time.Time) error {
	c := *a
	prepareAgent(&c, s.now())
	err := s.write(ctx, func(t *Tx) error {
		err := mustAffect(t.exec(`UPDATE invitations SET accepted_at = ?, agent_id = ?
			WHERE org_id = ? AND token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
			micros(at), c.ID, c.OrgID, hash, micros(at)))
		if kefu.IsNotFound(err) {
			return kefu.Errorf(kefu.CodeInvitationUsed, "this invitation can no longer be used")
		}
		if err != nil {
			return err
		}
		return insertAgent(t, &c)
	})
	if err != nil {
		return err
	}
	*a = c
	return nil
}
