package auth

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records security-relevant actions in the audit log; audit.Service satisfies it.
type Auditor interface {
	// Record appends e on its own, for attempts that change nothing.
	Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry)
	// Within returns ctx carrying e for the store write that makes the change, which then
	// appends e in its own transaction.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
	// RecordUnknownLogin records a failed sign-in with an email no agent has, bounded per
	// client address and minute.
	RecordUnknownLogin(ctx context.Context, ip string)
}

// Audit actions of sign-in and sign-out.
const (
	ActionLogin       = "auth.login"
	ActionLoginFailed = "auth.login_failed"
	ActionLogout      = "auth.logout"
	ActionToken       = "token.created"
	// ActionTwoFactorReset: an administrator turned an agent's two-factor sign-in off.
	ActionTwoFactorReset = "agent.2fa_reset"
	// ActionTwoFactorEnabled and ActionTwoFactorDisabled: an agent turned their own two-factor
	// sign-in on or off; ActionRecoveryCodesRenewed: they replaced their recovery codes.
	ActionTwoFactorEnabled     = "agent.2fa_enabled"
	ActionTwoFactorDisabled    = "agent.2fa_disabled"
	ActionRecoveryCodesRenewed = "agent.2fa_recovery_codes_renewed"
)

// auditOwnTwoFactor returns ctx carrying the record of action on agent's own two-factor
// sign-in, for the write that makes the change. Neither the key nor any code is recorded.
func (s *Service) auditOwnTwoFactor(ctx context.Context, actor kefu.Actor, agent *kefu.Agent, action string) context.Context {
	return s.audit.Within(ctx, actor, kefu.AuditEntry{OrgID: agent.OrgID, Action: action, TargetType: "agent", TargetID: agent.ID})
}

// auditSignedIn returns ctx carrying the record of a successful sign-in, for the write that
// opens the session.
func (s *Service) auditSignedIn(ctx context.Context, agent *kefu.Agent) context.Context {
	return s.audit.Within(ctx, signedInActor(agent), kefu.AuditEntry{Action: ActionLogin, TargetType: "agent", TargetID: agent.ID})
}

// auditLoginFailed records a failed password check. One for an existing account goes to its
// organisation's log one by one (the throttle bounds how many); one for an unknown email to the
// installation's, bounded per address and minute.
func (s *Service) auditLoginFailed(ctx context.Context, acct *kefu.Agent, clientIP string) {
	if acct == nil {
		s.audit.RecordUnknownLogin(ctx, clientIP)
		return
	}
	s.audit.Record(ctx, kefu.Actor{}, kefu.AuditEntry{OrgID: acct.OrgID, Action: ActionLoginFailed,
		TargetType: "agent", TargetID: acct.ID})
}

// auditLogout returns ctx carrying the record of the end of the session token authenticates,
// for the write that deletes it; unchanged when token is no session.
func (s *Service) auditLogout(ctx context.Context, token string) context.Context {
	sess, agent, err := s.store.GetSessionAgent(ctx, HashSecret(token))
	if err != nil {
		return ctx
	}
	return s.audit.Within(ctx, signedInActor(agent), kefu.AuditEntry{OrgID: sess.OrgID, Action: ActionLogout,
		TargetType: "agent", TargetID: agent.ID})
}

// auditTokenCreated returns ctx carrying the record of tok's creation, for the write that
// stores it. Only what identifies the token is recorded, never its secret or hash.
func (s *Service) auditTokenCreated(ctx context.Context, creator kefu.Actor, tok *kefu.APIToken) context.Context {
	fields := map[string]any{"name": tok.Name, "role": tok.Role, "prefix": tok.Prefix}
	if tok.ExpiresAt != nil {
		fields["expires_at"] = tok.ExpiresAt.UTC().Format(time.RFC3339)
	}
	_, after := kefu.AuditDiff(nil, fields)
	return s.audit.Within(ctx, creator, kefu.AuditEntry{Action: ActionToken, TargetType: "token", TargetID: tok.ID, After: after})
}

// signedInActor is the actor a signed-in agent is.
func signedInActor(a *kefu.Agent) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.OrgID, AgentID: a.ID, Role: a.Role}
}
