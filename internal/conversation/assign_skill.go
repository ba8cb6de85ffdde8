package conversation

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// transferToSkill offers c to the least loaded online agent with room who has the requested
// skill (of the inbox's agents, and of the team when one is given), never its current
// assignee. When nobody can take it now it goes back to the queue carrying the requirement,
// which the drain honours until an agent takes it. The decision is written in the assigning
// (or queueing) transaction.
func (s *Service) transferToSkill(ctx context.Context, actor kefu.Actor, c *kefu.Conversation, req AssignRequest) (*kefu.Conversation, error) {
	by, err := s.store.GetAgent(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	p, inbox, err := s.transferPass(ctx, c)
	if err != nil {
		return nil, err
	}
	rr := routing.Request{Target: skillTarget(req), Language: c.Language}
	if c.AssigneeID != "" {
		rr.Exclude = []string{c.AssigneeID}
	}
	for range maxRouteTries {
		rr.Candidates = p.candidates(inbox)
		d := routing.Decide(rr)
		updated, err := s.applySkillTransfer(ctx, actor, c, req, rr.Target, d, by)
		if kefu.ErrorCode(err) == kefu.CodeConflict && d.OK {
			p.full(d.AgentID) // lost the agent's last slot to someone else: decide again
			continue
		}
		return updated, err
	}
	return nil, kefu.Errorf(kefu.CodeConflict, "the skilled agents filled up meanwhile; try again")
}

// transferPass reads the organisation's agents and loads and c's inbox, as a drain pass would.
func (s *Service) transferPass(ctx context.Context, c *kefu.Conversation) (*pass, *kefu.Inbox, error) {
	org, err := s.store.GetOrg(ctx, c.OrgID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.newPass(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	inbox, err := p.inbox(ctx, s, c.InboxID)
	return p, inbox, err
}

// skillTarget is what a transfer to a skill routes by: least loaded among the holders of the
// skill among the inbox's agents, within the team when the request names one.
func skillTarget(req AssignRequest) kefu.RoutingTarget {
	t := kefu.RoutingTarget{Policy: kefu.PolicyLeastLoaded}
	if req.TeamID != nil {
		t.TeamID = *req.TeamID
	}
	sk := *req.Skill
	sk.Name = strings.TrimSpace(sk.Name)
	t.Skills = []kefu.SkillRequirement{sk}
	return t
}

// validateSkill checks a transfer's skill: not together with an assignee, a level in range, and
// a name some agent of the organisation has (a requirement nobody can ever meet would wait
// forever).
func (s *Service) validateSkill(ctx context.Context, orgID string, req AssignRequest) error {
	if req.Skill == nil {
		return nil
	}
	if req.AssigneeID != nil {
		return kefu.FieldError("skill", "give either assignee_id or skill, not both")
	}
	if l := req.Skill.MinLevel; l < kefu.MinSkillLevel || l > kefu.MaxSkillLevel {
		return kefu.FieldError("skill.min_level", "must be from %d to %d", kefu.MinSkillLevel, kefu.MaxSkillLevel)
	}
	known, err := s.orgHasSkill(ctx, orgID, req.Skill.Name)
	if err != nil {
		return err
	}
	if !known {
		return kefu.FieldError("skill.name", "no agent of the organisation has this skill")
	}
	return nil
}

// orgHasSkill reports whether an agent of the organisation has the named skill at any level.
func (s *Service) orgHasSkill(ctx context.Context, orgID, name string) (bool, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return false, nil
	}
	agents, err := s.store.ListAgents(ctx, orgID)
	if err != nil {
		return false, err
	}
	for _, a := range agents {
		for _, sk := range a.Skills {
			if strings.EqualFold(strings.TrimSpace(sk.Name), name) {
				return true, nil
			}
		}
	}
	return false, nil
}
