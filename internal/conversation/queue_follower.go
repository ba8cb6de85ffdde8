package conversation

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// drainPause is the least time between two rounds of the follower, so a burst of events (every
// agent of a shift connecting, a supervisor resolving fifty conversations) costs a few drains,
// not one each.
const drainPause = 200 * time.Millisecond

// QueueFollower drains an organisation's queue when an event on the bus says capacity may have
// appeared there: an agent connected, a conversation was resolved or snoozed, or one became
// unassigned. What no event announces (an agent set back to online, a capacity raised) the
// timer's DrainAllQueues catches.
type QueueFollower struct {
	svc  *Service
	log  *slog.Logger
	wake chan struct{}

	mu    sync.Mutex
	dirty map[string]struct{} // organisations to drain
}

// NewQueueFollower returns a follower for svc; subscribe Follow to the bus and run Run.
func NewQueueFollower(svc *Service) *QueueFollower {
	return &QueueFollower{svc: svc, log: svc.log, wake: make(chan struct{}, 1), dirty: map[string]struct{}{}}
}

// Follow is the bus handler: it notes the organisations whose queue may move and returns at
// once, since it runs on the bus's delivery goroutine.
func (f *QueueFollower) Follow(events []kefu.Event) {
	for i := range events {
		if mayFreeCapacity(&events[i]) {
			f.mark(events[i].OrgID)
		}
	}
}

// mayFreeCapacity reports whether ev may let a waiting conversation be assigned. Messages are
// left out: they are the hot path, and the reopening of an unassigned conversation by its
// customer waits for the timer.
func mayFreeCapacity(ev *kefu.Event) bool {
	switch ev.Type {
	case kefu.EventPresence:
		return ev.Presence != nil && ev.Presence.Connected
	case kefu.EventConversationUpdated:
		c := ev.Conversation
		return c != nil && (c.Status == kefu.StatusResolved || c.Status == kefu.StatusSnoozed ||
			(c.Status == kefu.StatusOpen && c.AssigneeID == ""))
	}
	return false
}

// RoutingChanged notes that what routing decides from changed for the organisation (its rules,
// an agent's skills or capacity, an inbox's routing settings), so its queue drains soon: the
// admin service's hook. It returns at once.
func (f *QueueFollower) RoutingChanged(orgID string) { f.mark(orgID) }

func (f *QueueFollower) mark(orgID string) {
	f.mu.Lock()
	f.dirty[orgID] = struct{}{}
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// Run drains the noted organisations' queues until ctx is done.
func (f *QueueFollower) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-f.wake:
		}
		for _, orgID := range f.take() {
			if _, err := f.svc.DrainQueue(ctx, orgID); err != nil && ctx.Err() == nil {
				f.log.Warn("draining the queue failed", "org_id", orgID, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(drainPause):
		}
	}
}

// take returns the organisations noted since the last call and forgets them.
func (f *QueueFollower) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	orgs := make([]string, 0, len(f.dirty))
	for id := range f.dirty {
		orgs = append(orgs, id)
	}
	clear(f.dirty)
	return orgs
}
