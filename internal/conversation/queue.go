package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// QueueStatus, QueueState and the states are the domain's: queue events carry them.
type (
	QueueStatus = kefu.QueueStatus
	QueueState  = kefu.QueueState
)

// The queue states.
const (
	QueueAssigned = kefu.QueueAssigned
	QueueQueued   = kefu.QueueQueued
	QueueOffline  = kefu.QueueOffline
	QueueIdle     = kefu.QueueIdle
)

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
