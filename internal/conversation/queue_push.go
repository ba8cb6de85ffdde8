package conversation

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of the live queue for visitors.
const (
	// queuePushGap is the least time between two pushes to one inbox's waiting visitors (≤ 2/s):
	// a burst of assignments costs a few frames per visitor, not one per assignment.
	queuePushGap = 500 * time.Millisecond
	// queuePushCap is how many waiting conversations of an inbox one push reaches, from the
	// front of the queue. Those behind it keep the widget's slow poll.
	queuePushCap = 100
)

// inboxKey names one inbox's queue; inboxID "" stands for every inbox of the organisation (an
// agent's presence changed, which may move all of them).
type inboxKey struct{ orgID, inboxID string }

// QueuePusher tells waiting visitors where they stand whenever the queue in front of them
// moved: after an event on the bus says a conversation changed (assigned, resolved, answered,
// given back) or an agent came or went, it publishes an ephemeral kefu.EventQueue to each
// waiting conversation of the affected inbox, carrying that visitor's QueueStatus as Queue
// computes it. Pushes are throttled per inbox and capped per pass.
type QueuePusher struct {
	svc  *Service
	log  *slog.Logger
	now  func() time.Time
	wake chan struct{}

	mu    sync.Mutex
	dirty map[inboxKey]struct{}
	last  map[inboxKey]time.Time // when each inbox was last pushed
}

// NewQueuePusher returns a pusher for svc; subscribe Follow to the bus and run Run.
func NewQueuePusher(svc *Service) *QueuePusher {
	return &QueuePusher{
		svc: svc, log: svc.log, now: svc.now, wake: make(chan struct{}, 1),
		dirty: map[inboxKey]struct{}{}, last: map[inboxKey]time.Time{},
	}
}

// Follow is the bus handler: it notes the inboxes whose queue may have moved and returns at
// once, since it runs on the bus's delivery goroutine.
func (p *QueuePusher) Follow(events []kefu.Event) {
	for i := range events {
		if k, ok := queueMoved(&events[i]); ok {
			p.mark(k)
		}
	}
}

// queueMoved reports which inbox's queue ev may have moved. A visitor's own message moves
// nobody; the others (a conversation changed, a team member answered, an agent came or went) may.
func queueMoved(ev *kefu.Event) (inboxKey, bool) {
	switch ev.Type {
	case kefu.EventPresence:
		return inboxKey{orgID: ev.OrgID}, ev.Presence != nil
	case kefu.EventConversationUpdated:
		return conversationInbox(ev)
	case kefu.EventMessageCreated:
		if ev.Message == nil || ev.Message.SenderType == kefu.SenderContact {
			return inboxKey{}, false
		}
		return conversationInbox(ev)
	}
	return inboxKey{}, false
}

func conversationInbox(ev *kefu.Event) (inboxKey, bool) {
	inbox := ev.InboxID
	if inbox == "" && ev.Conversation != nil {
		inbox = ev.Conversation.InboxID
	}
	return inboxKey{ev.OrgID, inbox}, inbox != ""
}

func (p *QueuePusher) mark(k inboxKey) {
	p.mu.Lock()
	p.dirty[k] = struct{}{}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// Run pushes the noted inboxes' queues until ctx is done.
func (p *QueuePusher) Run(ctx context.Context) error {
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-p.wake:
		case <-timer:
		}
		for _, k := range p.due() {
			p.push(ctx, k)
		}
		timer = nil
		if wait, ok := p.nextDue(); ok {
			timer = time.After(wait)
		}
	}
}

// due returns the noted inboxes not pushed within queuePushGap, forgetting them; the others
// stay noted for a later round.
func (p *QueuePusher) due() []inboxKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	var out []inboxKey
	for k := range p.dirty {
		if now.Sub(p.last[k]) >= queuePushGap {
			out = append(out, k)
			delete(p.dirty, k)
			p.last[k] = now
		}
	}
	p.forgetOld(now)
	return out
}

// forgetOld drops push times too old to throttle anything, so the map stays as small as the
// set of busy inboxes.
func (p *QueuePusher) forgetOld(now time.Time) {
	for k, t := range p.last {
		if _, noted := p.dirty[k]; !noted && now.Sub(t) > time.Minute {
			delete(p.last, k)
		}
	}
}

// nextDue is how long until the earliest noted inbox may be pushed; false when none is noted.
func (p *QueuePusher) nextDue() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var wait time.Duration
	found := false
	now := p.now()
	for k := range p.dirty {
		w := max(0, queuePushGap-now.Sub(p.last[k]))
		if !found || w < wait {
			wait, found = w, true
		}
	}
	return wait, found
}

// push sends every waiting visitor of k (up to queuePushCap per inbox) their status. A failure
// is logged: the widget's poll still answers.
func (p *QueuePusher) push(ctx context.Context, k inboxKey) {
	events, err := p.svc.queueEvents(ctx, k)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Warn("pushing queue positions failed", "org_id", k.orgID, "inbox_id", k.inboxID, "err", err)
		}
		return
	}
	if len(events) > 0 && p.svc.ephemeral != nil {
		p.svc.ephemeral.Publish(events)
	}
}

// queueEvents returns a kefu.EventQueue for each waiting conversation of k, with the status
// the visitor's own Queue call would answer.
func (s *Service) queueEvents(ctx context.Context, k inboxKey) ([]kefu.Event, error) {
	waiting, err := s.store.ListQueue(ctx, k.orgID, 0, queueListLimit)
	if err != nil {
		return nil, err
	}
	perInbox := map[string]int{}
	var events []kefu.Event
	for i := range waiting {
		c := &waiting[i]
		if (k.inboxID != "" && c.InboxID != k.inboxID) || c.ContactID == "" || perInbox[c.InboxID] >= queuePushCap {
			continue
		}
		perInbox[c.InboxID]++
		q, err := s.Queue(ctx, visitorOf(c), c.ID)
		if err != nil {
			return events, err
		}
		events = append(events, queueEvent(c, q, s.now()))
	}
	return events, nil
}

// queueListLimit bounds the queue read for one push: every inbox's front within one read on all
// but the busiest organisations.
const queueListLimit = 1000

// visitorOf is the visitor whose conversation c is, as their own connection would ask.
func visitorOf(c *kefu.Conversation) kefu.Actor {
	return kefu.Actor{Kind: kefu.ActorVisitor, OrgID: c.OrgID, ContactID: c.ContactID, InboxID: c.InboxID}
}

func queueEvent(c *kefu.Conversation, q *QueueStatus, now time.Time) kefu.Event {
	return kefu.Event{
		OrgID: c.OrgID, Type: kefu.EventQueue, ConversationID: c.ID,
		ContactID: c.ContactID, InboxID: c.InboxID, Queue: q, CreatedAt: now,
	}
}
