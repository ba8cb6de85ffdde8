package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// drainBatch is how many waiting conversations one pass looks at. A pass that assigned some
// looks again, so a long queue drains in several.
const drainBatch = 100

// DrainQueue assigns the organisation's waiting conversations (open, unassigned, the customer
// waiting for a reply) in arrival order while their inboxes have an agent with room, when the
// organisation has the assignment rule on. It runs whenever capacity may have appeared: a
// conversation starts, an agent connects, a conversation is resolved or handed on, and on a
// timer for what no event announces (an agent's availability or capacity raised). Concurrent
// drains are safe: each assignment re-checks the owner and the agent's room in its transaction.
// It returns how many conversations it assigned.
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
	total := 0
	for {
		n, more, err := s.drainPass(ctx, org.ID)
		total += n
		if err != nil || n == 0 || !more {
			return total, err
		}
	}
}

// drainPass assigns from the oldest drainBatch waiting conversations. Once an inbox has no room
// its younger conversations are skipped, so none overtakes an older one of the same inbox.
// more reports whether the batch was full, so more may wait behind it.
func (s *Service) drainPass(ctx context.Context, orgID string) (assigned int, more bool, err error) {
	waiting, err := s.store.ListWaitingUnassigned(ctx, orgID, drainBatch)
	if err != nil {
		return 0, false, err
	}
	full := map[string]bool{}
	for i := range waiting {
		c := &waiting[i]
		if full[c.InboxID] {
			continue
		}
		got, err := s.autoAssign(ctx, c)
		if err != nil {
			return assigned, false, err
		}
		if got.AssigneeID == "" {
			full[c.InboxID] = true
		} else {
			assigned++
		}
	}
	return assigned, len(waiting) == drainBatch, nil
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
