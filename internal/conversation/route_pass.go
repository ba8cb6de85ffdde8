package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// pass is what one drain pass reads once and shares across the conversations it routes: the
// organisation's agents with their teams, presence and loads, its rules and the inboxes seen.
// Loads move as the pass assigns, so a later conversation sees the room the earlier took.
type pass struct {
	org     *kefu.Org
	rules   []kefu.RoutingRule
	agents  []routing.Candidate // every agent not disabled
	loads   map[string]int
	inboxes map[string]*kefu.Inbox
}

// newPass reads what routing the organisation's queue needs.
func (s *Service) newPass(ctx context.Context, org *kefu.Org) (*pass, error) {
	rules, err := s.store.ListRoutingRules(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	agents, err := s.orgCandidates(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	var online []string
	for _, a := range agents {
		if a.Online {
			online = append(online, a.AgentID)
		}
	}
	loads, err := s.store.AgentOpenLoads(ctx, org.ID, online)
	if err != nil {
		return nil, err
	}
	return &pass{org: org, rules: rules, agents: agents, loads: loads, inboxes: map[string]*kefu.Inbox{}}, nil
}

// inbox returns the inbox, read once per pass.
func (p *pass) inbox(ctx context.Context, s *Service, id string) (*kefu.Inbox, error) {
	if in, ok := p.inboxes[id]; ok {
		return in, nil
	}
	in, err := s.store.GetInbox(ctx, p.org.ID, id)
	if err != nil {
		return nil, err
	}
	p.inboxes[id] = in
	return in, nil
}

// candidates are the inbox's agents (its members, or everyone when it names none) with their
// load as this pass knows it.
func (p *pass) candidates(inbox *kefu.Inbox) []routing.Candidate {
	members := setOf(inbox.MemberIDs)
	out := make([]routing.Candidate, 0, len(p.agents))
	for _, a := range p.agents {
		if len(members) > 0 && !members[a.AgentID] {
			continue
		}
		a.Load = p.loads[a.AgentID]
		out = append(out, a)
	}
	return out
}

// rule is the rule c was routed by, or the match for it now when it has none that still exists.
func (p *pass) rule(ctx context.Context, s *Service, inbox *kefu.Inbox, c *kefu.Conversation) (kefu.RoutingRule, error) {
	if r, ok := ruleByID(p.rules, c.RoutingRuleID); ok {
		return r, nil
	}
	a, err := s.attrs(ctx, p.org, inbox, c, nil)
	if err != nil {
		return kefu.RoutingRule{}, err
	}
	return routing.Match(p.rules, a), nil
}

// full marks the agent as having no room for the rest of the pass: a race for the last slot
// was lost, or the agent's capacity changed.
func (p *pass) full(agentID string) {
	for _, a := range p.agents {
		if a.AgentID == agentID {
			p.loads[agentID] = max(p.loads[agentID], a.Capacity)
		}
	}
}

// anyRoom reports whether some online agent still has room: until then nothing can be assigned
// and the rest of the queue only waits (its reasons were recorded when they changed).
func (p *pass) anyRoom() bool {
	for _, a := range p.agents {
		if a.Online && p.loads[a.AgentID] < a.Capacity {
			return true
		}
	}
	return false
}
