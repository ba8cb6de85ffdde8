package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// QueueState says what a visitor waiting on a conversation may expect, so the widget never has
// to guess from the other fields.
type QueueState string

// The queue states.
const (
	// QueueAssigned: an agent has the conversation.
	QueueAssigned QueueState = "assigned"
	// QueueQueued: the customer waits for a first answer and an agent of the inbox is online,
	// so the position and the estimate mean something.
	QueueQueued QueueState = "queued"
	// QueueOffline: the customer waits, but no agent of the inbox is online; the team answers
	// later (by the contact's e-mail or phone, or here). No position is given: it would promise
	// an answer nobody is there to give.
	QueueOffline QueueState = "offline"
	// QueueIdle: nobody waits — a team member answered, or the conversation is resolved.
	QueueIdle QueueState = "idle"
)

// QueueStatus tells a waiting visitor where they stand.
type QueueStatus struct {
	State                QueueState `json:"state" enum:"assigned,queued,offline,idle" doc:"assigned: an agent has it; queued: waiting and an agent is online (position and estimate apply); offline: waiting but no agent of the inbox is online; idle: nobody waits"`
	AgentsAvailable      bool       `json:"agents_available" doc:"An agent of the inbox is online and connected now"`
	Assigned             bool       `json:"assigned" doc:"An agent has the conversation"`
	Position             int        `json:"position" doc:"1 = next; 0 unless state is queued"`
	EstimatedWaitSeconds int        `json:"estimated_wait_seconds" doc:"A rough estimate; 0 unless state is queued"`
}

// assumedHandleTime is how long one waiting conversation is assumed to hold an agent before the
// next one gets their turn. It is deliberately simple until reports measure the real figure.
const assumedHandleTime = 90 * time.Second

// Queue returns what the visitor may expect: assigned, idle, offline (nobody of the inbox is
// online), or queued with their position among the inbox's unassigned, waiting conversations
// and a rough estimate of the wait.
func (s *Service) Queue(ctx context.Context, actor kefu.Actor, id string) (*QueueStatus, error) {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	agents, err := s.availableAgents(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	q := &QueueStatus{AgentsAvailable: agents > 0}
	switch {
	case c.AssigneeID != "":
		q.State, q.Assigned = QueueAssigned, true
	case c.WaitingSince == nil || c.Status == kefu.StatusResolved:
		q.State = QueueIdle
	case agents == 0:
		q.State = QueueOffline
	default:
		return s.position(ctx, c, agents)
	}
	return q, nil
}

// position is the queued status of c, which waits while agents of its inbox are online.
func (s *Service) position(ctx context.Context, c *kefu.Conversation, agents int) (*QueueStatus, error) {
	ahead, err := s.store.CountConversations(ctx, c.OrgID, kefu.ConversationFilter{
		InboxID: c.InboxID, Unassigned: true, WaitingBefore: c.WaitingSince,
		Statuses: []kefu.Status{kefu.StatusOpen, kefu.StatusPending},
	})
	if err != nil {
		return nil, err
	}
	wait := time.Duration(ahead+1) * assumedHandleTime / time.Duration(agents)
	return &QueueStatus{State: QueueQueued, AgentsAvailable: true, Position: ahead + 1, EstimatedWaitSeconds: int(wait.Seconds())}, nil
}

// AgentsAvailable reports whether any agent of the inbox is online and connected now: the
// widget shows the offline form when none is.
func (s *Service) AgentsAvailable(ctx context.Context, inbox *kefu.Inbox) (bool, error) {
	n, err := s.availableAgents(ctx, inbox.OrgID, inbox.ID)
	return n > 0, err
}

func (s *Service) availableAgents(ctx context.Context, orgID, inboxID string) (int, error) {
	cands, err := s.members(ctx, &kefu.Conversation{OrgID: orgID, InboxID: inboxID})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cands {
		if c.Online {
			n++
		}
	}
	return n, nil
}
