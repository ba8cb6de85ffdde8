package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// QueueStatus tells a waiting visitor where they stand.
type QueueStatus struct {
	Assigned             bool `json:"assigned" doc:"An agent has the conversation"`
	Position             int  `json:"position" doc:"1 = next; 0 when assigned or not waiting"`
	EstimatedWaitSeconds int  `json:"estimated_wait_seconds" doc:"A rough estimate; 0 when assigned"`
}

// assumedHandleTime is how long one waiting conversation is assumed to hold an agent before the
// next one gets their turn. It is deliberately simple until reports measure the real figure.
const assumedHandleTime = 90 * time.Second

// Queue returns the visitor's position among the inbox's unassigned, waiting conversations and
// a rough estimate of the wait.
func (s *Service) Queue(ctx context.Context, actor kefu.Actor, id string) (*QueueStatus, error) {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.AssigneeID != "" {
		return &QueueStatus{Assigned: true}, nil
	}
	if c.WaitingSince == nil || c.Status == kefu.StatusResolved {
		return &QueueStatus{}, nil
	}
	ahead, err := s.store.CountConversations(ctx, c.OrgID, kefu.ConversationFilter{
		InboxID: c.InboxID, Unassigned: true, WaitingBefore: c.WaitingSince,
		Statuses: []kefu.Status{kefu.StatusOpen, kefu.StatusPending},
	})
	if err != nil {
		return nil, err
	}
	agents, err := s.availableAgents(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	wait := time.Duration(ahead+1) * assumedHandleTime / time.Duration(max(agents, 1))
	return &QueueStatus{Position: ahead + 1, EstimatedWaitSeconds: int(wait.Seconds())}, nil
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
