package auth

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TwoFactorStatus is an agent's two-factor sign-in state, for the profile page.
type TwoFactorStatus struct {
	Enabled           bool // codes are asked for at sign-in
	RecoveryCodesLeft int
	Required          bool // the organisation requires two-factor sign-in
}

// TwoFactorProof is what turning two-factor sign-in off or renewing recovery codes requires:
// a current code or the password, so a session left open on someone's desk is not enough.
type TwoFactorProof struct {
	Code     string
	Password string
}

// errTwoFactorOff is the answer of operations that need two-factor sign-in configured.
func errTwoFactorOff() *kefu.Error {
	return kefu.Errorf(kefu.CodeConflict, "two-factor sign-in is not available")
}

// twoFactorAgent checks that actor is a signed-in agent and two-factor sign-in is configured,
// and returns the agent (with its password hash, for proofs).
func (s *Service) twoFactorAgent(ctx context.Context, actor kefu.Actor) (*kefu.Agent, error) {
	if !actor.IsAgent() {
		return nil, errUnauthenticated()
	}
	if actor.TokenID != "" {
		return nil, kefu.Errorf(kefu.CodeForbidden, "two-factor sign-in is managed from a signed-in session, not with an API token")
	}
	if s.twoFactor == nil {
		return nil, errTwoFactorOff()
	}
	return s.activeAgent(ctx, actor.OrgID, actor.AgentID)
}

// TwoFactor returns the actor's two-factor sign-in state.
func (s *Service) TwoFactor(ctx context.Context, actor kefu.Actor) (TwoFactorStatus, error) {
	agent, err := s.twoFactorAgent(ctx, actor)
	if err != nil {
		return TwoFactorStatus{}, err
	}
	var st TwoFactorStatus
	if st.Enabled, err = s.totpEnabled(ctx, agent); err != nil {
		return st, err
	}
	if st.RecoveryCodesLeft, err = s.twoFactor.CountRecoveryCodes(ctx, agent.OrgID, agent.ID); err != nil {
		return st, kefu.Internal(err)
	}
	st.Required, err = s.orgRequires2FA(ctx, agent.OrgID)
	return st, err
}

// BeginTOTP starts enrolment: a new secret, shown once as a QR code and as text. Nothing
// changes at sign-in until ConfirmTOTP gets a code from it.
func (s *Service) BeginTOTP(ctx context.Context, actor kefu.Actor) (*TOTPEnrolment, error) {
	agent, err := s.twoFactorAgent(ctx, actor)
	if err != nil {
		return nil, err
	}
	key, err := newTOTPKey(agent.Email)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	if err := s.twoFactor.StartTOTP(ctx, agent.OrgID, agent.ID, key.Secret()); err != nil {
		return nil, err
	}
	qr, err := qrDataURL(key)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return &TOTPEnrolment{Secret: key.Secret(), URL: key.URL(), QRCode: qr}, nil
}

// ConfirmTOTP turns two-factor sign-in on once code matches the pending secret, and returns
// the recovery codes: shown this once, stored only hashed.
func (s *Service) ConfirmTOTP(ctx context.Context, actor kefu.Actor, code string) ([]string, error) {
	agent, err := s.twoFactorAgent(ctx, actor)
	if err != nil {
		return nil, err
	}
	tp, err := s.twoFactor.GetTOTP(ctx, agent.OrgID, agent.ID)
	if kefu.IsNotFound(err) || (err == nil && tp.Enabled) {
		return nil, kefu.Errorf(kefu.CodeConflict, "no enrolment is waiting for confirmation; start again")
	}
	if err != nil {
		return nil, kefu.Internal(err)
	}
	step, ok := matchTOTP(tp.Secret, strings.TrimSpace(code), s.now())
	if !ok {
		return nil, kefu.FieldError("code", "the code does not match; check the phone's clock and try the next code")
	}
	codes, hashes := newRecoveryCodes()
	if err := s.twoFactor.EnableTOTP(s.auditOwnTwoFactor(ctx, actor, agent, ActionTwoFactorEnabled), agent.OrgID, agent.ID, step, hashes); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "two-factor sign-in on", "org_id", agent.OrgID, "agent_id", agent.ID)
	return codes, nil
}

// RegenerateRecoveryCodes replaces the actor's recovery codes with new ones, shown once.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, actor kefu.Actor, proof TwoFactorProof) ([]string, error) {
	agent, err := s.provenTwoFactorAgent(ctx, actor, proof)
	if err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes()
	if err := s.twoFactor.ReplaceRecoveryCodes(s.auditOwnTwoFactor(ctx, actor, agent, ActionRecoveryCodesRenewed), agent.OrgID, agent.ID, hashes); err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns the actor's two-factor sign-in off. Where the organisation requires it,
// it stays on: an administrator can reset it instead.
func (s *Service) DisableTOTP(ctx context.Context, actor kefu.Actor, proof TwoFactorProof) error {
	agent, err := s.provenTwoFactorAgent(ctx, actor, proof)
	if err != nil {
		return err
	}
	if req, err := s.orgRequires2FA(ctx, agent.OrgID); err != nil || req {
		return cmpErr(err, kefu.Errorf(kefu.CodeForbidden, "your organisation requires two-factor sign-in"))
	}
	s.log.InfoContext(ctx, "two-factor sign-in off", "org_id", agent.OrgID, "agent_id", agent.ID)
	return s.twoFactor.DeleteTOTP(s.auditOwnTwoFactor(ctx, actor, agent, ActionTwoFactorDisabled), agent.OrgID, agent.ID)
}

// ResetTOTP turns another agent's two-factor sign-in off, for one who lost their phone and
// codes; it needs PermAgentsManage and an agent not ranked above the actor.
func (s *Service) ResetTOTP(ctx context.Context, actor kefu.Actor, agentID string) error {
	if !actor.Has(kefu.PermAgentsManage) {
		return kefu.Errorf(kefu.CodeForbidden, "resetting two-factor sign-in needs the agents.manage permission")
	}
	if s.twoFactor == nil {
		return errTwoFactorOff()
	}
	target, err := s.store.GetAgent(ctx, actor.OrgID, agentID)
	if err != nil {
		return err
	}
	if target.Perms&^actor.Permissions() != 0 {
		return kefu.Errorf(kefu.CodeForbidden, "you may not reset an agent holding permissions you lack")
	}
	audited := s.audit.Within(ctx, actor, kefu.AuditEntry{Action: ActionTwoFactorReset, TargetType: "agent", TargetID: agentID})
	if err := s.twoFactor.DeleteTOTP(audited, actor.OrgID, agentID); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "two-factor sign-in reset", "org_id", actor.OrgID, "agent_id", agentID, "by", actor.AgentID)
	return nil
}

// provenTwoFactorAgent returns the actor's agent once proof (a current code or the password)
// checks out; wrong proofs count in the sign-in backoff.
func (s *Service) provenTwoFactorAgent(ctx context.Context, actor kefu.Actor, proof TwoFactorProof) (*kefu.Agent, error) {
	agent, err := s.twoFactorAgent(ctx, actor)
	if err != nil {
		return nil, err
	}
	if on, err := s.totpEnabled(ctx, agent); err != nil || !on {
		return nil, cmpErr(err, kefu.Errorf(kefu.CodeConflict, "two-factor sign-in is off"))
	}
	subjects, err := s.admitCode(ctx, agent, kefu.RequestSourceFrom(ctx).IP)
	if err != nil {
		return nil, err
	}
	if err := s.checkProof(ctx, agent, proof); err != nil {
		s.codeFailed(ctx, agent, kefu.RequestSourceFrom(ctx).IP)
		return nil, err
	}
	s.codePassed(ctx, subjects)
	return agent, nil
}

// checkProof accepts the agent's password or a current, unused TOTP code.
func (s *Service) checkProof(ctx context.Context, agent *kefu.Agent, proof TwoFactorProof) error {
	if proof.Password != "" {
		ok, err := s.hasher.Verify(ctx, agent.PasswordHash, proof.Password)
		if kefu.ErrorCode(err) == kefu.CodeOverloaded {
			return err
		}
		if err != nil || !ok {
			return kefu.FieldError("password", "the password is wrong")
		}
		return nil
	}
	if err := s.useTOTPCode(ctx, agent, strings.TrimSpace(proof.Code)); err != nil {
		return kefu.FieldError("code", "the code is wrong or was used already")
	}
	return nil
}

// orgRequires2FA reports whether the organisation requires two-factor sign-in.
func (s *Service) orgRequires2FA(ctx context.Context, orgID string) (bool, error) {
	org, err := s.twoFactor.GetOrg(ctx, orgID)
	if err != nil {
		return false, kefu.Internal(err)
	}
	return org.Settings.Require2FA, nil
}

// holdToEnrolment marks a new session enrol-only when the organisation requires two-factor
// sign-in and the agent has none yet.
func (s *Service) holdToEnrolment(ctx context.Context, agent *kefu.Agent, sess *kefu.Session) error {
	if s.twoFactor == nil {
		return nil
	}
	req, err := s.orgRequires2FA(ctx, agent.OrgID)
	if err != nil || !req {
		return err
	}
	on, err := s.totpEnabled(ctx, agent)
	sess.Enrol2FA = !on
	return err
}

// cmpErr returns err when set, else fallback.
func cmpErr(err error, fallback *kefu.Error) error {
	if err != nil {
		return err
	}
	return fallback
}
