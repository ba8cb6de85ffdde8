package conversation_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// TestRoutingPropertySequential runs the simulation one step at a time and checks each step's
// assignments (see the top of routing_property_test.go), on SQLite and on PostgreSQL when
// configured.
func TestRoutingPropertySequential(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { runSequential(t, newSim(t, storetest.OpenSQLite(t), simSeed(t)), simSize()) })
	t.Run("postgres", func(t *testing.T) {
		runSequential(t, newSim(t, storetest.OpenPostgres(t), simSeed(t)), simSize()/pgShare())
	})
}

// pgShare divides the PostgreSQL sequential run: the full 10,000 runs on SQLite (about four
// minutes on a two-core machine), and the same checks on PostgreSQL over a quarter of it keep
// the suite's time in bounds. KEFU_ROUTING_SIM_SIZE sets the size of both.
func pgShare() int {
	if os.Getenv("KEFU_ROUTING_SIM_SIZE") != "" {
		return 1
	}
	return 4
}

// TestRoutingPropertyConcurrent runs the simulation from several goroutines at once through
// two services over two stores on one database, as two nodes would, then checks what must
// hold whatever the interleaving: no agent over capacity, no conversation assigned more often
// than it entered the queue, every conversation accounted for, and nothing left waiting that
// an online eligible agent with room could take.
func TestRoutingPropertyConcurrent(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		a, b := storetest.OpenSQLitePair(t)
		runConcurrent(t, newSim(t, a, simSeed(t), b))
	})
	t.Run("postgres", func(t *testing.T) {
		a, b := storetest.OpenPostgresPair(t)
		runConcurrent(t, newSim(t, a, simSeed(t), b))
	})
}

func runSequential(t *testing.T, s *sim, n int) {
	ctx := context.Background()
	steps := 0
	before := s.queue(ctx) // nothing changes between steps: each step's after is the next's before
	for s.startedCount() < n {
		known := s.startedCount()
		if err := s.step(ctx, true); err != nil {
			t.Fatalf("step %d: %v", steps, err)
		}
		before = s.checkStep(ctx, steps, before, s.startedSince(known))
		steps++
		if t.Failed() {
			t.FailNow()
		}
	}
	s.checkEnd(ctx)
	t.Logf("%d steps, %d conversations", steps, n)
}

func runConcurrent(t *testing.T, s *sim) {
	ctx := context.Background()
	n := simSize() / 5 // several goroutines and two stores: fewer steps say as much about races
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for s.startedCount() < n {
				if err := s.step(ctx, false); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent step: %v", err)
	}
	s.checkLoads(ctx, "after the concurrent run")
	for _, svc := range s.svcs {
		if _, err := svc.DrainQueue(ctx, s.org.ID); err != nil {
			t.Fatal(err)
		}
	}
	s.checkStuck(ctx)
	s.checkEnd(ctx)
}

// queue is the organisation's queue now, by id.
func (s *sim) queue(ctx context.Context) map[string]kefu.Conversation {
	q, err := s.st.ListQueue(ctx, s.org.ID, 0, 100000)
	if err != nil {
		s.t.Fatal(err)
	}
	out := make(map[string]kefu.Conversation, len(q))
	for _, c := range q {
		out[c.ID] = c
	}
	return out
}

func (s *sim) startedSince(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.started[n:]...)
}

// checkStep checks the conversations one step assigned: those that waited before it, and
// those it started. It returns the queue after the step.
func (s *sim) checkStep(ctx context.Context, step int, before map[string]kefu.Conversation, started []string) map[string]kefu.Conversation {
	after := s.queue(ctx)
	for id, c := range before {
		if _, still := after[id]; !still {
			s.checkAssigned(ctx, step, c, after)
		}
	}
	for _, id := range started {
		c, err := s.st.GetConversation(ctx, s.org.ID, id)
		if err != nil {
			s.t.Fatal(err)
		}
		if c.AssigneeID != "" {
			s.checkAssigned(ctx, step, *c, after)
		}
	}
	return after
}

// checkAssigned checks x, which left the queue or started in this step, if it was assigned.
func (s *sim) checkAssigned(ctx context.Context, step int, x kefu.Conversation, after map[string]kefu.Conversation) {
	now, err := s.st.GetConversation(ctx, s.org.ID, x.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	if now.AssigneeID == "" {
		return // resolved by the customer
	}
	a := s.agent(now.AssigneeID)
	target := s.targetOf(now)
	if target.Policy == kefu.PolicyManual || !s.eligible(a, target) || !s.presence.ConnectedAgents("")[a.ID] {
		s.t.Errorf("step %d: %s (%q) went to %s, who is not an online eligible agent of its target %+v", step, x.ID, now.InquiryType, a.Name, target)
	}
	s.checkLoad(ctx, a, "step")
	for _, y := range after {
		if t := s.targetOf(&y); t.Policy != kefu.PolicyManual && s.eligible(a, t) && servedBefore(y, x) {
			s.t.Errorf("step %d: %s (rank %d, queued %v) went to %s while %s (rank %d, queued %v), eligible for them too, still waits",
				step, x.ID, x.Priority.Rank(), x.QueueTime(), a.Name, y.ID, y.Priority.Rank(), y.QueueTime())
		}
	}
}

// servedBefore reports whether y comes before x in queue order.
func servedBefore(y, x kefu.Conversation) bool {
	ry, rx := y.Priority.Rank(), x.Priority.Rank()
	if ry != rx {
		return ry > rx
	}
	ty, tx := y.QueueTime(), x.QueueTime()
	if !ty.Equal(tx) {
		return ty.Before(tx)
	}
	return y.ID < x.ID
}

func (s *sim) agent(id string) *kefu.Agent {
	for _, a := range s.agents {
		if a.ID == id {
			return a
		}
	}
	s.t.Fatalf("conversation assigned to %s, not an agent of the simulation", id)
	return nil
}

func (s *sim) checkLoad(ctx context.Context, a *kefu.Agent, when string) {
	loads, err := s.st.AgentOpenLoads(ctx, s.org.ID, []string{a.ID})
	if err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	capacity := s.capacity[a.ID]
	s.mu.Unlock()
	if loads[a.ID] > capacity {
		s.t.Errorf("%s: %s has %d open conversations, capacity %d", when, a.Name, loads[a.ID], capacity)
	}
}

func (s *sim) checkLoads(ctx context.Context, when string) {
	for _, a := range s.agents {
		s.checkLoad(ctx, a, when)
	}
}

// checkStuck: after a final drain, nothing waits that an online eligible agent with room
// could take (manual targets aside).
func (s *sim) checkStuck(ctx context.Context) {
	ids := make([]string, len(s.agents))
	for i, a := range s.agents {
		ids[i] = a.ID
	}
	loads, err := s.st.AgentOpenLoads(ctx, s.org.ID, ids)
	if err != nil {
		s.t.Fatal(err)
	}
	online := s.presence.ConnectedAgents("")
	for _, y := range s.queue(ctx) {
		t := s.targetOf(&y)
		for _, a := range s.agents {
			if t.Policy != kefu.PolicyManual && online[a.ID] && s.eligible(a, t) && loads[a.ID] < s.capacity[a.ID] {
				s.t.Errorf("%s (%q) still waits while %s (load %d of %d) could take it", y.ID, y.InquiryType, a.Name, loads[a.ID], s.capacity[a.ID])
			}
		}
	}
}

// checkEnd accounts for every conversation started: assigned no more often than it entered the
// queue, and either resolved, assigned, an offline message with its decision, or waiting with
// a reason on record.
func (s *sim) checkEnd(ctx context.Context) {
	start := time.Now()
	for _, id := range s.started {
		c, err := s.st.GetConversation(ctx, s.org.ID, id)
		if err != nil {
			s.t.Fatal(err)
		}
		ds, err := s.st.ListRoutingDecisions(ctx, s.org.ID, id)
		if err != nil {
			s.t.Fatal(err)
		}
		s.checkAccount(c, ds)
	}
	s.t.Logf("checked %d conversations in %v", len(s.started), time.Since(start))
}

func (s *sim) checkAccount(c *kefu.Conversation, ds []kefu.RoutingDecision) {
	assigned := 0
	for _, d := range ds {
		if d.Kind == kefu.DecisionAssigned {
			assigned++
		}
	}
	if assigned > s.entered[c.ID] {
		s.t.Errorf("%s was assigned %d times but entered the queue %d times", c.ID, assigned, s.entered[c.ID])
	}
	var last kefu.RoutingDecision
	if len(ds) > 0 {
		last = ds[len(ds)-1]
	}
	switch {
	case c.FollowUp:
		if len(ds) == 0 || ds[0].Kind != kefu.DecisionOffline || ds[0].Reason == "" {
			s.t.Errorf("offline message %s has decisions %+v, want an offline decision with its reason", c.ID, ds)
		}
	case c.Status == kefu.StatusResolved:
	case c.AssigneeID != "":
		if assigned == 0 {
			s.t.Errorf("%s is assigned to %s with no assigned decision", c.ID, c.AssigneeID)
		}
	case last.Kind != kefu.DecisionQueued && last.Kind != kefu.DecisionOverflowed || last.Reason == "":
		s.t.Errorf("%s waits with last decision %+v, want queued with a reason", c.ID, last)
	}
}
