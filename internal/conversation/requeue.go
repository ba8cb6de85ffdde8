package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RequeueStore finds the assignments an organisation's settings give back to the queue.
type RequeueStore interface {
	// ListUnopenedAssignments returns open conversations automatically assigned before
	// `before` whose assignee has not opened (read) them since, oldest first.
	ListUnopenedAssignments(ctx context.Context, orgID string, before time.Time, limit int) ([]kefu.Conversation, error)
	// ListUnansweredAssigned returns the agent's open conversations no agent has answered.
	ListUnansweredAssigned(ctx context.Context, orgID, agentID string, limit int) ([]kefu.Conversation, error)
}

// requeueBatch bounds the conversations one pass gives back per organisation (or agent); the
// next pass takes the rest.
const requeueBatch = 100

// awayExclusion is how long an agent who left stays excluded from the conversations they were
// released from, should they come back at once.
const awayExclusion = 5 * time.Minute

// exclusion keeps an agent from being given a conversation they were just relieved of.
type exclusion struct {
	agentID string
	until   time.Time
}

// RequeueDue applies, for every organisation, the accept timeout (automatic assignments not
// opened in time go back to the queue) and release on away (the unanswered conversations of
// agents away or offline go back), then drains the queues it changed. It returns how many
// conversations went back. The server's housekeeping calls it every few seconds.
func (s *Service) RequeueDue(ctx context.Context) (int, error) {
	orgs, err := s.store.ListOrgs(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for i := range orgs {
		n, err := s.requeueOrg(ctx, &orgs[i])
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// requeueOrg is RequeueDue for one organisation.
func (s *Service) requeueOrg(ctx context.Context, org *kefu.Org) (int, error) {
	a, err := s.requeueUnaccepted(ctx, org)
	if err != nil {
		return a, err
	}
	b, err := s.releaseAway(ctx, org)
	if err != nil || a+b == 0 {
		return a + b, err
	}
	_, err = s.drainOrg(ctx, org)
	return a + b, err
}

// requeueUnaccepted gives back the automatic assignments not opened within the timeout.
func (s *Service) requeueUnaccepted(ctx context.Context, org *kefu.Org) (int, error) {
	timeout := time.Duration(org.Settings.AcceptTimeoutSeconds) * time.Second
	if timeout <= 0 {
		return 0, nil
	}
	due, err := s.store.ListUnopenedAssignments(ctx, org.ID, s.now().Add(-timeout), requeueBatch)
	if err != nil {
		return 0, err
	}
	return s.requeueAll(ctx, due, kefu.ReasonAcceptTimeout, timeout)
}

// releaseAway gives back the unanswered conversations of agents who are away or offline.
func (s *Service) releaseAway(ctx context.Context, org *kefu.Org) (int, error) {
	if !org.Settings.ReleaseOnAway {
		return 0, nil
	}
	agents, err := s.store.ListAgents(ctx, org.ID)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, a := range agents {
		if a.Availability == kefu.Online && !a.Disabled {
			continue
		}
		held, err := s.store.ListUnansweredAssigned(ctx, org.ID, a.ID, requeueBatch)
		if err != nil {
			return total, err
		}
		n, err := s.requeueAll(ctx, held, kefu.ReasonAgentAway, awayExclusion)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// requeueAll gives each conversation back, excluding its agent from it for exclude.
func (s *Service) requeueAll(ctx context.Context, convs []kefu.Conversation, reason string, exclude time.Duration) (int, error) {
	n := 0
	for i := range convs {
		ok, err := s.requeue(ctx, &convs[i], reason, exclude)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// requeue unassigns c if, inside the transaction, it is still open and with the agent the
// pass saw: an agent who opened, answered or handed it on in the meantime keeps it that way.
// The requeued decision (the agent it was taken from as its one candidate) is written in the
// same transaction; the store puts the conversation at the back of its priority in the queue.
func (s *Service) requeue(ctx context.Context, c *kefu.Conversation, reason string, exclude time.Duration) (bool, error) {
	agentID, moved := c.AssigneeID, false
	_, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, cur *kefu.Conversation) (*kefu.Message, error) {
		moved = false
		if cur.AssigneeID != agentID || cur.Status != kefu.StatusOpen {
			return nil, nil
		}
		a, err := tx.GetAgent(agentID)
		if err != nil {
			return nil, err
		}
		cur.AssigneeID, moved = "", true
		if err := tx.RecordDecision(requeuedDecision(cur, a, reason)); err != nil {
			return nil, err
		}
		return activity{Action: "requeued", AssigneeID: a.ID, AssigneeName: a.Name, Reason: reason}.message(cur), nil
	})
	if err != nil || !moved {
		return false, err
	}
	s.exclude(c.ID, agentID, exclude)
	s.forgetNoted(c.ID)
	return true, nil
}

// requeuedDecision is the log entry of a conversation given back by agent a for reason.
func requeuedDecision(c *kefu.Conversation, a *kefu.Agent, reason string) *kefu.RoutingDecision {
	return &kefu.RoutingDecision{
		Kind: kefu.DecisionRequeued, RuleID: c.RoutingRuleID, Priority: c.Priority, Reason: reason,
		Candidates: []kefu.DecisionCandidate{{
			AgentID: a.ID, Name: a.Name, Online: a.Availability == kefu.Online, Capacity: a.Capacity,
			Skills: []kefu.Skill{}, Reason: reason,
		}},
	}
}

// exclude keeps agentID from being given conversation convID again for d.
func (s *Service) exclude(convID, agentID string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.excluded) >= maxNoted {
		clear(s.excluded) // bounded like noted: forgetting only lets an agent be offered it again
	}
	s.excluded[convID] = exclusion{agentID: agentID, until: s.now().Add(d)}
}

// excludedFrom is the agent a conversation was just given back from, whom the drain must
// not offer it to (the decision shows them as excluded). Exclusions end with their time.
func (s *Service) excludedFrom(convID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ex, ok := s.excluded[convID]
	if !ok {
		return nil
	}
	if s.now().After(ex.until) {
		delete(s.excluded, convID)
		return nil
	}
	return []string{ex.agentID}
}
