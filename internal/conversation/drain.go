package conversation

import (
	"context"
	"sync"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// drainBatch is how many waiting conversations one pass looks at. A pass that assigned some
// looks again, so a long queue drains in several.
const drainBatch = 100

// DrainQueue routes the organisation's waiting conversations (open, unassigned, the customer
// waiting for a reply, not an offline message) in queue order — higher priority first, then
// arrival — when the organisation has automatic assignment on. It runs whenever capacity may
// have appeared: a conversation starts, an agent connects, a conversation is resolved or handed
// on, and on a timer for what no event announces (an agent's availability or capacity raised).
// Drains of one organisation are serialised on this node; across nodes each assignment
// re-checks the owner and the agent's room in its transaction. It returns how many
// conversations it assigned.
func (s *Service) DrainQueue(ctx context.Context, orgID string) (int, error) {
	org, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return 0, err
	}
	return s.drainOrg(ctx, org)
}

// drainOrg is DrainQueue for an organisation the caller has read.
func (s *Service) drainOrg(ctx context.Context, org *kefu.Org) (int, error) {
	if !org.Settings.AutoAssign {
		return 0, nil
	}
	mu := s.drainLock(org.ID)
	mu.Lock()
	defer mu.Unlock()
	return s.drainPass(ctx, org)
}

// drainLock is the organisation's drain mutex.
func (s *Service) drainLock(orgID string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	mu, ok := s.drains[orgID]
	if !ok {
		mu = &sync.Mutex{}
		s.drains[orgID] = mu
	}
	return mu
}

// drainPass walks the queue in order, a page at a time, and routes each conversation. One that
// cannot be assigned is skipped and the walk goes on: a later one may still go to agents the
// earlier could not use (another team or skill), while the loads the pass keeps make sure it
// never takes room an earlier one could have had. Once no online agent has room, the rest of
// the walk only explains newcomers (why they wait); the others' reasons are on record.
func (s *Service) drainPass(ctx context.Context, org *kefu.Org) (int, error) {
	var p *pass
	assigned, offset := 0, 0
	for {
		page, err := s.store.ListQueue(ctx, org.ID, offset, drainBatch)
		if err != nil || len(page) == 0 {
			return assigned, err
		}
		if p == nil {
			if p, err = s.newPass(ctx, org); err != nil {
				return 0, err
			}
		}
		n, err := s.routePage(ctx, p, page)
		assigned, offset = assigned+n, offset+len(page)-n // the assigned left the queue
		if err != nil || len(page) < drainBatch {
			return assigned, err
		}
	}
}

// routePage routes a page of the queue in order and returns how many it assigned.
func (s *Service) routePage(ctx context.Context, p *pass, page []kefu.Conversation) (int, error) {
	n := 0
	for i := range page {
		if !p.anyRoom() && s.notedAs(page[i].ID) != "" {
			continue
		}
		ok, err := s.routeOne(ctx, p, &page[i])
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// DrainAllQueues drains every organisation's queue: the timer's pass.
func (s *Service) DrainAllQueues(ctx context.Context) (int, error) {
	orgs, err := s.store.ListOrgs(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for i := range orgs {
		n, err := s.drainOrg(ctx, &orgs[i])
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
