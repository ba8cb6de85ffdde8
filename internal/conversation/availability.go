package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Availability says whether an inbox takes live chats now and, when not, why: the widget shows
// the away message and the offline form unless Live, and a start then becomes an offline message
// the team follows up.
type Availability struct {
	// Open: inside the inbox's business hours (always, when it has none).
	Open bool
	// NextOpenAt is when the inbox opens next, set only while it is closed.
	NextOpenAt *time.Time
	// AgentsOnline: an agent of the inbox is online and connected.
	AgentsOnline bool
	// QueueFull: the inbox's queue holds max_queue waiting conversations.
	QueueFull bool
}

// Live reports whether a visitor starting now may expect a live answer.
func (a Availability) Live() bool {
	return a.Open && a.AgentsOnline && !a.QueueFull
}

// Reason is the decision reason of an offline start (kefu.Reason*), "" while Live. Closed hours
// come first: they are what the visitor is told ("we're back at 09:00").
func (a Availability) Reason() string {
	switch {
	case !a.Open:
		return kefu.ReasonClosedHours
	case !a.AgentsOnline:
		return kefu.ReasonNoneOnline
	case a.QueueFull:
		return kefu.ReasonQueueFull
	}
	return ""
}

// InboxAvailability reads whether the inbox takes live chats now.
func (s *Service) InboxAvailability(ctx context.Context, inbox *kefu.Inbox) (Availability, error) {
	a, err := s.hoursOf(ctx, inbox)
	if err != nil {
		return a, err
	}
	agents, err := s.availableAgents(ctx, inbox.OrgID, inbox.ID)
	if err != nil {
		return a, err
	}
	a.AgentsOnline = agents > 0
	if a.Open && a.AgentsOnline {
		a.QueueFull, err = s.queueFull(ctx, inbox)
	}
	return a, err
}

// hoursOf is the business-hours part of the inbox's availability (see calendar).
func (s *Service) hoursOf(ctx context.Context, inbox *kefu.Inbox) (Availability, error) {
	if !inbox.Routing.BusinessHours.Enabled {
		return Availability{Open: true}, nil
	}
	org, err := s.store.GetOrg(ctx, inbox.OrgID)
	if err != nil {
		return Availability{}, err
	}
	cal, now := s.calendar(ctx, org, inbox), s.now()
	if cal == nil || cal.Open(now) {
		return Availability{Open: true}, nil
	}
	a := Availability{}
	if next, ok := cal.NextOpen(now); ok {
		a.NextOpenAt = &next
	}
	return a, nil
}

// queueFull reports whether the inbox's queue holds its max_queue waiting conversations, as the
// start's offline decision counts them.
func (s *Service) queueFull(ctx context.Context, inbox *kefu.Inbox) (bool, error) {
	limit := inbox.Routing.MaxQueue
	if limit <= 0 {
		return false, nil
	}
	n, err := s.store.QueueLength(ctx, inbox.OrgID, inbox.ID)
	return n >= limit, err
}
