package auth

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Auditor records security-relevant actions in the audit log; audit.Service satisfies it.
type Auditor interface {
	Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry)
	// RecordUnknownLogin records a failed sign-in with an email no agent has, bounded per
	// client address and minute.
	RecordUnknownLogin(ctx context.Context, ip string)
}

// nopAuditor records nothing: the default when Options.Auditor is nil.
type nopAuditor struct{}

func (nopAuditor) Record(context.Context, kefu.Actor, kefu.AuditEntry) {}
func (nopAuditor) RecordUnknownLogin(context.Context, string)          {}

// Audit actions of sign-in and sign-out.
const (
	ActionLogin       = "auth.login"
	ActionLoginFailed = "auth.login_failed"
	ActionLogout      = "auth.logout"
)

// auditLogin records a sign-in attempt's outcome, given what checkPassword returned. A failure
// for an existing account goes to its organisation's log one by one (the backoff bounds how
// many); one for an unknown email to the installation's, bounded per address and minute.
// Errors other than bad credentials are not sign-in attempts and are not recorded.
func (s *Service) auditLogin(ctx context.Context, email, clientIP string, agent *kefu.Agent, err error) {
	if err == nil {
		s.audit.Record(ctx, signedInActor(agent), kefu.AuditEntry{Action: ActionLogin, TargetType: "agent", TargetID: agent.ID})
		return
	}
	if kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
		return
	}
	known, lookupErr := s.store.GetAgentByEmail(ctx, email)
	if email == "" || lookupErr != nil {
		s.audit.RecordUnknownLogin(ctx, clientIP)
		return
	}
	s.audit.Record(ctx, kefu.Actor{}, kefu.AuditEntry{OrgID: known.OrgID, Action: ActionLoginFailed,
		TargetType: "agent", TargetID: known.ID})
}

// auditLogout records the end of the session token authenticates, if it is one.
func (s *Service) auditLogout(ctx context.Context, token string) {
	sess, agent, err := s.store.GetSessionAgent(ctx, HashSecret(token))
	if err != nil {
		return
	}
	s.audit.Record(ctx, signedInActor(agent), kefu.AuditEntry{OrgID: sess.OrgID, Action: ActionLogout,
		TargetType: "agent", TargetID: agent.ID})
}

// signedInActor is the actor a signed-in agent is.
func signedInActor(a *kefu.Agent) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorAgent, OrgID: a.OrgID, AgentID: a.ID, Role: a.Role}
}
