package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// applySkillTransfer carries out d in one transaction: c goes to the chosen agent if they still
// have room (counted inside the transaction, their row locked on PostgreSQL), or back to the
// queue with the skill requirement when d found nobody. A conflict error says the agent filled
// up meanwhile.
func (s *Service) applySkillTransfer(ctx context.Context, actor kefu.Actor, c *kefu.Conversation, req AssignRequest, t kefu.RoutingTarget, d routing.Decision, by *kefu.Agent) (*kefu.Conversation, error) {
	updated, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, cur *kefu.Conversation) (*kefu.Message, error) {
		if !mayReassign(actor, cur, req) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "only the assignee or a holder of conversations.assign may transfer this conversation")
		}
		if req.TeamID != nil {
			cur.TeamID = *req.TeamID
		}
		if d.OK {
			return s.skillAssign(tx, cur, t, d, by)
		}
		return s.skillQueue(tx, cur, t, d, by)
	})
	if err == nil {
		s.forgetNoted(c.ID)
	}
	return updated, err
}

// skillAssign gives cur to the decision's agent, re-checking their room in the transaction.
func (s *Service) skillAssign(tx kefu.ConversationTx, cur *kefu.Conversation, t kefu.RoutingTarget, d routing.Decision, by *kefu.Agent) (*kefu.Message, error) {
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
	cur.AssigneeID, cur.RequiredSkills = a.ID, nil
	if err := tx.RecordDecision(transferDecision(kefu.DecisionAssigned, cur, t, d, a.ID)); err != nil {
		return nil, err
	}
	act := activity{Action: "assigned", AssigneeID: a.ID, AssigneeName: a.Name, TeamID: cur.TeamID, ByID: by.ID, ByName: by.Name}
	return act.withSkill(t.Skills[0]).message(cur), nil
}

// skillQueue puts cur back in the queue (at the back of its priority) requiring the skill: the
// customer now waits for the specialist, so it counts as waiting even if the last agent answered.
func (s *Service) skillQueue(tx kefu.ConversationTx, cur *kefu.Conversation, t kefu.RoutingTarget, d routing.Decision, by *kefu.Agent) (*kefu.Message, error) {
	now := s.now()
	cur.AssigneeID, cur.RequiredSkills, cur.QueuedAt = "", t.Skills, &now
	if cur.WaitingSince == nil {
		cur.WaitingSince = &now
	}
	if err := tx.RecordDecision(transferDecision(kefu.DecisionQueued, cur, t, d, "")); err != nil {
		return nil, err
	}
	act := activity{Action: "transfer_queued", TeamID: cur.TeamID, ByID: by.ID, ByName: by.Name, Reason: d.Reason}
	return act.withSkill(t.Skills[0]).message(cur), nil
}

// transferDecision is the log entry of a transfer to a skill: reason "transfer", the
// candidates as Decide saw them.
func transferDecision(kind kefu.DecisionKind, c *kefu.Conversation, t kefu.RoutingTarget, d routing.Decision, agentID string) *kefu.RoutingDecision {
	return &kefu.RoutingDecision{
		Kind: kind, RuleID: c.RoutingRuleID, Target: t, Priority: c.Priority,
		AgentID: agentID, Reason: kefu.ReasonTransfer, Candidates: d.Candidates,
	}
}
