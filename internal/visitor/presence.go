package visitor

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// touchTimeout bounds the last_seen write made when a visitor leaves, which runs on a timer
// with no request to take a context from.
const touchTimeout = 5 * time.Second

// Connected counts a visitor connection the hub registered. The hub calls it for every visitor
// connection, outside its locks; it never touches the database.
func (s *Service) Connected(actor kefu.Actor) {
	if !actor.IsVisitor() {
		return
	}
	k := keyOf(actor)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.entry(k)
	e.conns++
	e.view.Connected = true
	if e.leaving != nil {
		e.leaving.Stop()
		e.leaving = nil
	}
}

// Disconnected uncounts a visitor connection. After the last one, the visitor stays listed for
// the grace period, then leaves.
func (s *Service) Disconnected(actor kefu.Actor) {
	if !actor.IsVisitor() {
		return
	}
	k := keyOf(actor)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.live[k]
	if e == nil {
		return
	}
	if e.conns--; e.conns <= 0 {
		e.conns = 0
		s.startGrace(k, e)
	}
}

// entry returns k's entry, creating it. s.mu is held.
func (s *Service) entry(k kefu.VisitKey) *entry {
	e := s.live[k]
	if e == nil {
		e = &entry{view: kefu.LiveVisitor{ContactID: k.ContactID, InboxID: k.InboxID}}
		s.live[k] = e
	}
	return e
}

// startGrace schedules k's departure. s.mu is held.
func (s *Service) startGrace(k kefu.VisitKey, e *entry) {
	if e.leaving != nil {
		e.leaving.Stop()
	}
	var t *time.Timer
	t = time.AfterFunc(s.grace, func() { s.leave(k, t) })
	e.leaving = t
}

// leave removes k when its grace period t ran out without a new connection, tells the agents,
// and saves when the visitor was last seen.
func (s *Service) leave(k kefu.VisitKey, t *time.Timer) {
	s.mu.Lock()
	e := s.live[k]
	if e == nil || e.leaving != t || e.conns > 0 {
		s.mu.Unlock()
		return
	}
	delete(s.live, k)
	view, loaded := e.view, e.loaded
	s.mu.Unlock()
	view.Connected = false
	s.publish(k.OrgID, kefu.EventVisitorLeft, view)
	if !loaded {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), touchTimeout)
	defer cancel()
	if err := s.store.TouchVisit(ctx, k, s.now().Add(-s.grace)); err != nil {
		s.log.Warn("visitor: saving last seen failed", "org_id", k.OrgID, "err", err)
	}
}

// LiveCount is the number of live visitors on this node, for metrics and tests.
func (s *Service) LiveCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.live)
}
