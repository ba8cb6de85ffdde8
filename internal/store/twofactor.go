package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// StartTOTP stores a new, not yet confirmed TOTP enrolment for an agent, replacing an earlier
// unconfirmed one. An agent whose two-factor sign-in is on gets conflict: it must be turned off
// first, so a stolen session cannot silently swap the key.
func (s *Store) StartTOTP(ctx context.Context, orgID, agentID, secret string) error {
	now := micros(s.now())
	return s.write(ctx, func(t *Tx) error {
		if err := checkAgentsInOrg(t, orgID, []string{agentID}); err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM agent_totp WHERE org_id = ? AND id = ? AND NOT enabled`, orgID, agentID); err != nil {
			return dbError(err)
		}
		sealed, err := s.sealValue(t, totpSecretColumn, agentID, secret)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO agent_totp (id, org_id, secret, enabled, last_step, created_at)
			VALUES (?, ?, ?, FALSE, 0, ?)`, agentID, orgID, sealed, now)
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "two-factor sign-in is already on; turn it off first")
		}
		return dbError(err)
	})
}

// GetTOTP returns an agent's TOTP enrolment, confirmed or not; not found when there is none.
func (s *Store) GetTOTP(ctx context.Context, orgID, agentID string) (*kefu.TOTP, error) {
	var (
		tp      = kefu.TOTP{OrgID: orgID, AgentID: agentID}
		sealed  string
		created int64
		enabled sql.NullInt64
	)
	err := s.reader().queryRow(ctx, `SELECT secret, enabled, last_step, created_at, enabled_at FROM agent_totp
		WHERE org_id = ? AND id = ?`, orgID, agentID).Scan(&sealed, &tp.Enabled, &tp.LastStep, &created, &enabled)
	if err != nil {
		return nil, dbError(err)
	}
	if tp.Secret, err = s.openValue(ctx, totpSecretColumn, agentID, sealed); err != nil {
		return nil, err
	}
	tp.CreatedAt, tp.EnabledAt = fromMicros(created), fromNullMicros(enabled)
	return &tp, nil
}

// EnableTOTP turns a confirmed enrolment on: the confirming code's step is used up, the
// recovery codes (hashes) replace any earlier ones, and the agent's sessions that were held
// to enrolment are freed. Not found when there is no unconfirmed enrolment.
func (s *Store) EnableTOTP(ctx context.Context, orgID, agentID string, step int64, recoveryHashes [][]byte) error {
	now := micros(s.now())
	return s.write(ctx, func(t *Tx) error {
		err := mustAffect(t.exec(`UPDATE agent_totp SET enabled = TRUE, last_step = ?, enabled_at = ?
			WHERE org_id = ? AND id = ? AND NOT enabled`, step, now, orgID, agentID))
		if err != nil {
			return err
		}
		if err := replaceRecoveryCodes(t, orgID, agentID, recoveryHashes); err != nil {
			return err
		}
		_, err = t.exec(`UPDATE sessions SET enrol_2fa = FALSE WHERE org_id = ? AND agent_id = ? AND enrol_2fa`, orgID, agentID)
		return dbError(err)
	})
}

// UseTOTPStep records that a code of time step step was accepted. It fails with conflict when
// a code of that step or a later one was accepted already: the code was replayed.
func (s *Store) UseTOTPStep(ctx context.Context, orgID, agentID string, step int64) error {
	return s.write(ctx, func(t *Tx) error {
		err := mustAffect(t.exec(`UPDATE agent_totp SET last_step = ?
			WHERE org_id = ? AND id = ? AND enabled AND last_step < ?`, step, orgID, agentID, step))
		if kefu.IsNotFound(err) {
			return kefu.Errorf(kefu.CodeConflict, "this code was used already")
		}
		return err
	})
}

// ReplaceRecoveryCodes swaps an agent's recovery codes for new ones (hashes).
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, orgID, agentID string, hashes [][]byte) error {
	return s.write(ctx, func(t *Tx) error { return replaceRecoveryCodes(t, orgID, agentID, hashes) })
}

func replaceRecoveryCodes(t *Tx, orgID, agentID string, hashes [][]byte) error {
	if _, err := t.exec(`DELETE FROM agent_recovery_codes WHERE org_id = ? AND agent_id = ?`, orgID, agentID); err != nil {
		return dbError(err)
	}
	for _, h := range hashes {
		if _, err := t.exec(`INSERT INTO agent_recovery_codes (org_id, agent_id, hash) VALUES (?, ?, ?)`, orgID, agentID, h); err != nil {
			return dbError(err)
		}
	}
	return nil
}

// UseRecoveryCode consumes the recovery code with hash hash; not found when the agent has no
// such unused code.
func (s *Store) UseRecoveryCode(ctx context.Context, orgID, agentID string, hash []byte) error {
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`DELETE FROM agent_recovery_codes WHERE org_id = ? AND agent_id = ? AND hash = ?`,
			orgID, agentID, hash))
	})
}

// CountRecoveryCodes returns how many unused recovery codes an agent has.
func (s *Store) CountRecoveryCodes(ctx context.Context, orgID, agentID string) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM agent_recovery_codes WHERE org_id = ? AND agent_id = ?`,
		orgID, agentID).Scan(&n)
	return n, dbError(err)
}

// DeleteTOTP turns an agent's two-factor sign-in off: enrolment and recovery codes go.
func (s *Store) DeleteTOTP(ctx context.Context, orgID, agentID string) error {
	return s.write(ctx, func(t *Tx) error {
		if _, err := t.exec(`DELETE FROM agent_recovery_codes WHERE org_id = ? AND agent_id = ?`, orgID, agentID); err != nil {
			return dbError(err)
		}
		_, err := t.exec(`DELETE FROM agent_totp WHERE org_id = ? AND id = ?`, orgID, agentID)
		return dbError(err)
	})
}
