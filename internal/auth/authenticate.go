package auth

import (
	"context"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Authenticate resolves a session or API-token secret to the actor behind it. bearer is the
// secret itself; a leading "Bearer " is tolerated. Sessions slide their expiry forward on use.
// The session is returned for session secrets (for CheckCSRF) and nil for API tokens. Every
// failure is the same unauthenticated error.
func (s *Service) Authenticate(ctx context.Context, bearer string) (kefu.Actor, *kefu.Session, error) {
	secret := strings.TrimSpace(bearer)
	if len(secret) > 7 && strings.EqualFold(secret[:7], "bearer ") {
		secret = strings.TrimSpace(secret[7:])
	}
	switch SecretKind(secret) {
	case SessionPrefix:
		return s.authSession(ctx, HashSecret(secret))
	case APITokenPrefix:
		a, err := s.authAPIToken(ctx, HashSecret(secret))
		return a, nil, err
	}
	return kefu.Actor{}, nil, errUnauthenticated()
}

// authSession checks a session and its agent and slides the session's expiry.
func (s *Service) authSession(ctx context.Context, hash []byte) (kefu.Actor, *kefu.Session, error) {
	sess, agent, err := s.store.GetSessionAgent(ctx, hash)
	if err != nil {
		return kefu.Actor{}, nil, storeAuthError(err)
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || !active(agent) {
		return kefu.Actor{}, nil, errUnauthenticated()
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		s.touchSession(ctx, sess, now)
	}
	sess.CSRFToken = s.csrfToken(sess.Hash)
	actor, err := s.sessionActor(ctx, sess, agent)
	if err != nil {
		return kefu.Actor{}, nil, err
	}
	return actor, sess, nil
}

// sessionActor is who a session of agent acts as: the agent with their permissions, and the
// session's public id by which a revocation finds its open connections.
func (s *Service) sessionActor(ctx context.Context, sess *kefu.Session, agent *kefu.Agent) (kefu.Actor, error) {
	actor, err := s.agentActor(ctx, agent, agent.Role, agent.EffectivePerms())
	actor.SessionID = kefu.SessionID(sess.Hash)
	return actor, err
}

// touchSession records use of sess and moves its expiry forward. A failed write only costs the
// slide, so it is logged and the request goes on.
func (s *Service) touchSession(ctx context.Context, sess *kefu.Session, now time.Time) {
	expires := now.Add(s.sessionTTL)
	if err := s.store.TouchSession(ctx, sess.Hash, now, expires); err != nil {
		s.log.WarnContext(ctx, "touch session", "agent_id", sess.AgentID, "err", err)
		return
	}
	sess.LastSeenAt, sess.ExpiresAt = now, expires
}

// authAPIToken checks an API token and its creator (tokenActor) and records its use.
func (s *Service) authAPIToken(ctx context.Context, hash []byte) (kefu.Actor, error) {
	tok, err := s.store.GetAPITokenByHash(ctx, hash)
	if err != nil {
		return kefu.Actor{}, storeAuthError(err)
	}
	a, err := s.tokenActor(ctx, tok)
	if err != nil {
		return kefu.Actor{}, err
	}
	if tok.LastUsedAt == nil || s.now().Sub(*tok.LastUsedAt) >= touchEvery {
		if err := s.store.TouchAPIToken(ctx, tok.ID, s.now()); err != nil {
			s.log.WarnContext(ctx, "touch api token", "token_id", tok.ID, "err", err)
		}
	}
	return a, nil
}

// tokenActor is who tok acts as: its creator with the token's role, but never above the
// creator's current role, so demoting an agent demotes their tokens too. A revoked or expired
// token, or one whose creator is disabled, is unauthenticated.
func (s *Service) tokenActor(ctx context.Context, tok *kefu.APIToken) (kefu.Actor, error) {
	now := s.now()
	if tok.RevokedAt != nil || (tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt)) {
		return kefu.Actor{}, errUnauthenticated()
	}
	agent, err := s.activeAgent(ctx, tok.OrgID, tok.AgentID)
	if err != nil {
		return kefu.Actor{}, err
	}
	actor, err := s.agentActor(ctx, agent, tok.Role, tok.Perms&agent.EffectivePerms())
	if err != nil {
		return kefu.Actor{}, err
	}
	actor.TokenID = tok.ID
	if tok.ExpiresAt != nil {
		actor.TokenExpiresAt = *tok.ExpiresAt
	}
	return actor, nil
}

// agentActor is the actor of an agent acting with perms, and with the conversation scope those
// permissions give under the organisation's team scoping. Only a team-scoped agent costs a
// second query (their teams and the teams' inboxes).
func (s *Service) agentActor(ctx context.Context, agent *kefu.Agent, role kefu.Role, perms kefu.PermSet) (kefu.Actor, error) {
	if perms == 0 {
		role = kefu.RoleCustom // an empty set stays empty rather than falling back to the role's
	}
	actor := kefu.Actor{Kind: kefu.ActorAgent, OrgID: agent.OrgID, AgentID: agent.ID, Role: role, Perms: perms,
		Scope: kefu.ScopeFor(agent.ID, perms, agent.OrgTeamScoping)}
	if !actor.Scope.NeedsTeams() {
		return actor, nil
	}
	teams, inboxes, err := s.store.AgentTeamScope(ctx, agent.OrgID, agent.ID)
	if err != nil {
		return kefu.Actor{}, kefu.Internal(err)
	}
	actor.Scope.TeamIDs, actor.Scope.InboxIDs = teams, inboxes
	return actor, nil
}

// activeAgent returns the agent behind a credential, or unauthenticated when it is gone or
// disabled.
func (s *Service) activeAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error) {
	agent, err := s.store.GetAgent(ctx, orgID, id)
	if err != nil {
		return nil, storeAuthError(err)
	}
	if !active(agent) {
		return nil, errUnauthenticated()
	}
	return agent, nil
}

// active reports whether an agent may still use its credentials.
func active(agent *kefu.Agent) bool {
	return !agent.Disabled && (agent.Role.Valid() || agent.Role == kefu.RoleCustom && agent.CustomRoleID != "")
}

// storeAuthError maps a lookup failure: a missing row is a bad credential, anything else is ours.
func storeAuthError(err error) error {
	if kefu.IsNotFound(err) {
		return errUnauthenticated()
	}
	return kefu.Internal(err)
}
