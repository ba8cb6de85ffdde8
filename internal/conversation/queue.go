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

// assumedHandleTime is how long one waiting conversation is assumed to hold an agent when
// nothing has been measured yet: a new inbox, or one idle for a week.
const assumedHandleTime = 90 * time.Second

// The windows the estimate measures over: departures from the queue in the last hour, handling
// times over the last week.
const (
	departureWindow = time.Hour
	handlingWindow  = 7 * 24 * time.Hour
)

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
	case agents == 0 || c.FollowUp:
		q.State = QueueOffline
	default:
		return s.position(ctx, c, agents)
	}
	return q, nil
}

// position is the queued status of c, which waits while agents of its inbox are online: its
// place in the queue order (priority, then arrival) among the inbox's waiting conversations and
// the estimated wait.
func (s *Service) position(ctx context.Context, c *kefu.Conversation, agents int) (*QueueStatus, error) {
	ahead, err := s.store.QueueAhead(ctx, c)
	if err != nil {
		return nil, err
	}
	per, err := s.departureInterval(ctx, c, agents)
	if err != nil {
		return nil, err
	}
	wait := time.Duration(ahead+1) * per
	return &QueueStatus{State: QueueQueued, AgentsAvailable: true, Position: ahead + 1, EstimatedWaitSeconds: int(wait.Seconds())}, nil
}

// departureInterval is how long the inbox's queue takes to move one place, as measured: the
// time between the last hour's departures (assignments of conversations that had waited), else
// the week's mean handling time shared among the agents online, else the assumed handling time
// shared likewise. Never a bare constant when there is data.
func (s *Service) departureInterval(ctx context.Context, c *kefu.Conversation, agents int) (time.Duration, error) {
	now := s.now()
	n, span, err := s.store.QueueDepartures(ctx, c.OrgID, c.InboxID, now.Add(-departureWindow))
	if err != nil {
		return 0, err
	}
	if n >= 2 && span > 0 {
		return span / time.Duration(n-1), nil
	}
	mean, resolved, err := s.store.MeanHandlingTime(ctx, c.OrgID, c.InboxID, now.Add(-handlingWindow))
	if err != nil {
		return 0, err
	}
	if resolved == 0 || mean <= 0 {
		mean = assumedHandleTime
	}
	return mean / time.Duration(max(agents, 1)), nil
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
