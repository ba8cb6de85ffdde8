package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EndAgentSessions signs an agent of the organisation out of every session and closes their
// open connections (kefu.PermAgentsManage); the agent's API tokens stay. Like other changes to
// an agent, nobody reaches an agent ranked above them.
func (s *Service) EndAgentSessions(ctx context.Context, actor kefu.Actor, id string) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	a, err := s.agent(ctx, actor, id) // first: another organisation's agent is not found
	if err != nil {
		return err
	}
	if !actor.Has(kefu.PermAgentsManage) || !actor.Role.AtLeast(a.Role) {
		return errForbidden()
	}
	if err := s.store.DeleteAgentSessions(ctx, a.OrgID, a.ID); err != nil {
		return err
	}
	s.revoker.OtherSessions(a.OrgID, a.ID, "")
	s.log.InfoContext(ctx, "agent signed out everywhere", "org_id", a.OrgID, "agent_id", a.ID, "by", actor.AgentID)
	return nil
}

// endRevokedCredentials acts on what an agent update did to the agent's credentials: disabling
// signs the agent out everywhere and closes every connection (tokens included, which stop
// authenticating too); a role change closes the connections so that they reconnect with the
// new permissions.
func (s *Service) endRevokedCredentials(ctx context.Context, before, after *kefu.Agent) error {
	switch {
	case after.Disabled:
		if err := s.store.DeleteAgentSessions(ctx, after.OrgID, after.ID); err != nil {
			return err
		}
		s.revoker.Agent(after.OrgID, after.ID)
	case after.Role != before.Role:
		s.revoker.PermissionsChanged(after.OrgID, after.ID)
	}
	return nil
}
