package conversation

import (
	"context"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// maxRouteTries bounds how often one conversation is decided again in a pass after losing a
// race for an agent's last slot (another node, or a manual assignment, took it).
const maxRouteTries = 3

// routeOne routes one waiting conversation: its rule's target (widened by overflow once it
// waited long enough), the decision, and then the assignment or the note of why it waits.
// It reports whether the conversation was assigned.
func (s *Service) routeOne(ctx context.Context, p *pass, c *kefu.Conversation) (bool, error) {
	inbox, err := p.inbox(ctx, s, c.InboxID)
	if err != nil {
		return false, err
	}
	rule, err := p.rule(ctx, s, inbox, c)
	if err != nil {
		return false, err
	}
	target, overflowed := routing.EffectiveTarget(rule, s.now().Sub(c.QueueTime()))
	target.Skills = withRequired(target.Skills, c.RequiredSkills)
	req := routing.Request{Target: target, Language: c.Language, LastPick: s.lastPickOf(ruleKey(rule))}
	if req.StickyAgentID, err = s.stickyAgent(ctx, c, target); err != nil {
		return false, err
	}
	for range maxRouteTries {
		req.Candidates = p.candidates(inbox)
		req.Exclude = s.excludedFrom(c.ID)
		d := routing.Decide(req)
		if !d.OK {
			return false, s.noteWaiting(ctx, c, rule, target, overflowed, d)
		}
		taken, err := s.assignRouted(ctx, c, rule, target, d)
		if kefu.ErrorCode(err) == kefu.CodeConflict {
			p.full(d.AgentID)
			continue
		}
		if err != nil || !taken {
			return false, err
		}
		p.loads[d.AgentID]++
		s.picked(ruleKey(rule), d.AgentID)
		return true, nil
	}
	return false, nil
}

// withRequired adds a transfer's skill requirement to the target's own: overflow may drop the
// rule's skills, but not the skill an agent transferred the conversation to. A fresh slice, so
// the rule's target is never changed.
func withRequired(skills, required []kefu.SkillRequirement) []kefu.SkillRequirement {
	if len(required) == 0 {
		return skills
	}
	return append(slices.Clone(skills), required...)
}

// ruleKey names a rule's round robin; the built-in default rule has no id.
func ruleKey(r kefu.RoutingRule) string {
	if r.ID == "" {
		return "default:" + r.OrgID
	}
	return r.ID
}

// stickyAgent is the agent who last served c's contact within the target's sticky days, when
// the target is sticky.
func (s *Service) stickyAgent(ctx context.Context, c *kefu.Conversation, t kefu.RoutingTarget) (string, error) {
	if !t.Sticky {
		return "", nil
	}
	days := t.StickyDays
	if days <= 0 {
		days = 30
	}
	return s.store.LastAssignee(ctx, c.OrgID, c.ContactID, c.ID, s.now().Add(-time.Duration(days)*24*time.Hour))
}

// assignRouted gives c to the decision's agent in one transaction that re-checks, against the
// rows as they are now, that c still waits unassigned and that the agent is active with room
// (their row locked on PostgreSQL while counted): the check that makes concurrent assignment
// safe across goroutines and processes. The decision is written in the same transaction. taken
// is false when c no longer waits; a conflict error says the agent has no room.
func (s *Service) assignRouted(ctx context.Context, c *kefu.Conversation, rule kefu.RoutingRule, target kefu.RoutingTarget, d routing.Decision) (bool, error) {
	taken := false
	_, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		taken = false
		if c.AssigneeID != "" || c.Status != kefu.StatusOpen || c.FollowUp {
			return nil, nil
		}
		a, err := tx.GetAgent(d.AgentID)
		if err != nil {
			return nil, err
		}
		load, err := tx.AgentOpenLoad(a.ID)
		if err != nil {
			return nil, err
		}
		if a.Disabled || load >= a.Capacity {
			return nil, kefu.Errorf(kefu.CodeConflict, "agent has no room")
		}
		c.AssigneeID, c.RoutingRuleID, c.RequiredSkills, taken = a.ID, rule.ID, nil, true
		err = tx.RecordDecision(decision(kefu.DecisionAssigned, rule, target, c, d, a.ID))
		return activity{Action: "auto_assigned", AssigneeID: a.ID, AssigneeName: a.Name}.message(c), err
	})
	if err == nil && taken {
		s.forgetNoted(c.ID)
	}
	return taken, err
}

// decision is the log entry for what d decided about c under rule.
func decision(kind kefu.DecisionKind, rule kefu.RoutingRule, target kefu.RoutingTarget, c *kefu.Conversation, d routing.Decision, agentID string) *kefu.RoutingDecision {
	return &kefu.RoutingDecision{
		Kind: kind, RuleID: rule.ID, RuleName: rule.Name, Target: target, Priority: c.Priority,
		AgentID: agentID, Reason: d.Reason, Candidates: d.Candidates,
	}
}
