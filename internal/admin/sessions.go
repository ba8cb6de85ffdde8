package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EndAgentSessions signs an agent of the organisation out of every session and closes their
// open connections (kefu.PermAgentsManage); the agent's API tokens stay. Like other changes to
// an agent, nobody reaches an agent holding a permission they lack.
func (s *Service) EndAgentSessions(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	a, err := s.agent(ctx, actor, id) // first: another organisation's agent is not found
	if err != nil {
		return err
	}
	if err := requirePerm(actor, kefu.PermAgentsManage); err != nil {
		return err
	}
	if err := requireGrant(actor, a.Perms, "sign this agent out"); err != nil {
		return err
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
// authenticating too). A role change reaches open connections through permissionsChanged.
func (s *Service) endRevokedCredentials(ctx context.Context, after *kefu.Agent) error {
	if !after.Disabled {
		return nil
	}
	if err := s.store.DeleteAgentSessions(ctx, after.OrgID, after.ID); err != nil {
		return err
	}
	s.revoker.Agent(after.OrgID, after.ID)
	return nil
}
