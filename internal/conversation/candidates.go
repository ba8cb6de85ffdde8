package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// orgCandidates lists the organisation's agents who are not disabled as the router sees them:
// whether each is online (available and connected), their capacity, skills, languages and
// teams. Loads are the caller's to fill.
func (s *Service) orgCandidates(ctx context.Context, orgID string) ([]routing.Candidate, error) {
	agents, err := s.store.ListAgents(ctx, orgID)
	if err != nil {
		return nil, err
	}
	teams, err := s.store.ListTeams(ctx, orgID)
	if err != nil {
		return nil, err
	}
	teamsOf := map[string][]string{}
	for _, t := range teams {
		for _, id := range t.MemberIDs {
			teamsOf[id] = append(teamsOf[id], t.ID)
		}
	}
	connected := s.connected(orgID)
	out := make([]routing.Candidate, 0, len(agents))
	for _, a := range agents {
		if a.Disabled {
			continue
		}
		out = append(out, routing.Candidate{
			AgentID: a.ID, Name: a.Name, Online: a.Availability == kefu.Online && connected[a.ID],
			Capacity: a.Capacity, Skills: a.Skills, Languages: a.Languages, TeamIDs: teamsOf[a.ID],
		})
	}
	return out, nil
}

func (s *Service) connected(orgID string) map[string]bool {
	if s.presence == nil {
		return map[string]bool{}
	}
	return s.presence.ConnectedAgents(orgID)
}

// members lists the inbox's agents with whether each is available now.
func (s *Service) members(ctx context.Context, c *kefu.Conversation) ([]routing.Candidate, error) {
	inbox, err := s.store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	agents, err := s.store.ListAgents(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	connected := s.connected(c.OrgID)
	members := setOf(inbox.MemberIDs)
	var out []routing.Candidate
	for _, a := range agents {
		if a.Disabled || (len(members) > 0 && !members[a.ID]) {
			continue
		}
		out = append(out, routing.Candidate{
			AgentID:  a.ID,
			Online:   a.Availability == kefu.Online && connected[a.ID],
			Capacity: a.Capacity,
		})
	}
	return out, nil
}

// lastPickOf is the agent the rule's round robin picked last on this node.
func (s *Service) lastPickOf(ruleKey string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastPick[ruleKey]
}

func (s *Service) picked(ruleKey, agentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastPick[ruleKey] = agentID
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
