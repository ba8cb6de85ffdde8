package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// candidates lists who may take a conversation of c's inbox — its members, or every agent
// when the inbox names none — with the load of those online when withLoads is set.
func (s *Service) candidates(ctx context.Context, c *kefu.Conversation, withLoads bool) ([]routing.Candidate, error) {
	out, err := s.members(ctx, c)
	if err != nil || !withLoads {
		return out, err
	}
	var online []string
	for _, cand := range out {
		if cand.Online {
			online = append(online, cand.AgentID)
		}
	}
	loads, err := s.store.AgentOpenLoads(ctx, c.OrgID, online)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Load = loads[out[i].AgentID]
	}
	return out, nil
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
	connected := map[string]bool{}
	if s.presence != nil {
		connected = s.presence.ConnectedAgents(c.OrgID)
	}
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

// pick asks the policy for the next agent of an inbox and remembers the answer.
func (s *Service) pick(inboxID string, candidates []routing.Candidate) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.policy.Pick(candidates, s.lastPick[inboxID])
	if ok {
		s.lastPick[inboxID] = id
	}
	return id, ok
}

func markFull(candidates []routing.Candidate, agentID string) {
	for i := range candidates {
		if candidates[i].AgentID == agentID {
			candidates[i].Load = candidates[i].Capacity
		}
	}
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
