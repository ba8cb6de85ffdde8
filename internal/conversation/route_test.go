package conversation_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// fakeClock is a clock the store and the service share, moved by the test.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// clockedEnvs runs fn with a store and a service on one fake clock, on SQLite and on
// PostgreSQL when configured.
func clockedEnvs(t *testing.T, fn func(t *testing.T, e *env, clock *fakeClock)) {
	open := map[string]func(t *testing.T, opts store.Options) *store.Store{
		"sqlite":   func(t *testing.T, opts store.Options) *store.Store { return storetest.OpenSQLiteWith(t, opts) },
		"postgres": func(t *testing.T, opts store.Options) *store.Store { return storetest.OpenPostgresWith(t, opts) },
	}
	for name, o := range open {
		t.Run(name, func(t *testing.T) {
			clock := &fakeClock{now: time.Now().UTC().Truncate(time.Second)}
			st := o(t, store.Options{Now: clock.Now})
			blobs, err := blob.NewDisk(t.TempDir())
			kefutest.Must(t, err)
			e := &env{st: st, presence: &presence{}, ephemeral: &recorder{}}
			e.svc = conversation.New(conversation.Options{Store: st, Blobs: blobs, Presence: e.presence, Now: clock.Now})
			fn(t, e, clock)
		})
	}
}

// onlyAgent leaves w.agent the only agent who takes conversations, with capacity n, online.
func (e *env) onlyAgent(t *testing.T, w *world, n int) {
	for _, a := range []*kefu.Agent{w.owner, w.supervisor, w.colleague} {
		e.setCapacity(t, a, 0)
	}
	e.setCapacity(t, w.agent, n)
	e.presence.connect(w.owner.ID, w.supervisor.ID, w.agent.ID, w.colleague.ID)
}

func (e *env) decisions(t *testing.T, w *world, id string) []kefu.RoutingDecision {
	t.Helper()
	ds, err := e.svc.RoutingDecisions(context.Background(), kefutest.AgentActor(w.owner), id)
	kefutest.Must(t, err)
	return ds
}

// TestQueueEstimateMeasured: once conversations that waited have been assigned, a waiting
// visitor's estimate is their place times the measured time between those departures.
func TestQueueEstimateMeasured(t *testing.T) {
	clockedEnvs(t, func(t *testing.T, e *env, clock *fakeClock) {
		ctx := context.Background()
		w := e.mustWorld(t, true)
		e.onlyAgent(t, w, 0)
		var convs []*kefu.Conversation
		var contacts []*kefu.Contact
		for _, name := range []string{"a", "b", "c", "d"} {
			c := e.mustContact(t, w, name)
			st, err := e.svc.StartForVisitor(ctx, visitorActor(w, c), conversation.StartRequest{First: &kefu.SendRequest{ClientMsgID: "m", Content: "hi"}})
			kefutest.Must(t, err)
			convs, contacts = append(convs, st.Conversation), append(contacts, c)
		}
		clock.add(time.Minute)
		e.setCapacity(t, w.agent, 1)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 1 {
			t.Fatalf("first drain = %d, %v; want 1", n, err)
		}
		clock.add(45 * time.Second)
		_, err := e.svc.SetStatus(ctx, kefutest.AgentActor(w.agent), convs[0].ID, kefu.StatusResolved, nil)
		kefutest.Must(t, err)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 1 {
			t.Fatalf("second drain = %d, %v; want 1", n, err)
		}
		for i, want := range map[int]int{2: 45, 3: 90} {
			q, err := e.svc.Queue(ctx, visitorActor(w, contacts[i]), convs[i].ID)
			kefutest.Must(t, err)
			if q.State != conversation.QueueQueued || q.Position != i-1 || q.EstimatedWaitSeconds != want {
				t.Errorf("conversation %d: %+v, want queued at %d with %d s (one place per 45 s measured)", i, q, i-1, want)
			}
		}
	})
}

// TestRoutingOverflowAndSticky: a conversation nobody has the skill for waits with that
// reason, then overflows to the target without the skill once it waited long enough; a
// returning contact goes to the agent who served them when the rule is sticky.
func TestRoutingOverflowAndSticky(t *testing.T) {
	clockedEnvs(t, func(t *testing.T, e *env, clock *fakeClock) {
		ctx := context.Background()
		w := e.mustWorld(t, true)
		e.onlyAgent(t, w, 5)
		e.setCapacity(t, w.colleague, 5)
		for _, r := range []kefu.RoutingRule{
			{Name: "rare", Conditions: kefu.RuleConditions{InquiryTypes: []string{"rare"}}, Priority: kefu.PriorityHigh,
				Target:   kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, Skills: []kefu.SkillRequirement{{Name: "klingon", MinLevel: 5}}},
				Overflow: &kefu.Overflow{AfterSeconds: 30, DropSkills: true}},
			{Name: "again", Position: 1, Conditions: kefu.RuleConditions{InquiryTypes: []string{"again"}},
				Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, Sticky: true, StickyDays: 7}},
		} {
			r.OrgID, r.Enabled = w.org.ID, true
			kefutest.Must(t, e.st.CreateRoutingRule(ctx, &r))
		}
		start := func(c *kefu.Contact, inquiry string) *kefu.Conversation {
			st, err := e.svc.StartForVisitor(ctx, visitorActor(w, c), conversation.StartRequest{
				First: &kefu.SendRequest{ClientMsgID: unique("m"), Content: "hi"}, InquiryType: inquiry})
			kefutest.Must(t, err)
			return st.Conversation
		}
		rare := start(w.contact, "rare")
		if rare.AssigneeID != "" || rare.Priority != kefu.PriorityHigh {
			t.Fatalf("rare: assignee %q priority %s, want waiting at the rule's high priority", rare.AssigneeID, rare.Priority)
		}
		if ds := e.decisions(t, w, rare.ID); len(ds) != 1 || ds[0].Reason != kefu.ReasonNoneEligible || ds[0].RuleName != "rare" {
			t.Fatalf("rare decisions = %+v, want one queued, no_eligible_agent, by rule rare", ds)
		}
		clock.add(31 * time.Second)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 1 {
			t.Fatalf("drain after the overflow time = %d, %v; want 1", n, err)
		}
		ds := e.decisions(t, w, rare.ID)
		if last := ds[len(ds)-1]; last.Kind != kefu.DecisionAssigned || len(last.Target.Skills) != 0 {
			t.Errorf("after overflow: %+v, want assigned under the target without its skill", last)
		}

		first := start(w.other, "again")
		served := first.AssigneeID
		_, err := e.svc.SetStatus(ctx, kefutest.AgentActor(w.owner), first.ID, kefu.StatusResolved, nil)
		kefutest.Must(t, err)
		for range 3 { // round robin alone would alternate; sticky keeps the same agent
			back := start(w.other, "again")
			if back.AssigneeID != served {
				t.Fatalf("returning contact went to %q, want %q who served them", back.AssigneeID, served)
			}
			if ds := e.decisions(t, w, back.ID); ds[len(ds)-1].Reason != kefu.ReasonSticky {
				t.Errorf("returning contact's decision = %+v, want reason sticky", ds[len(ds)-1])
			}
			_, err := e.svc.SetStatus(ctx, kefutest.AgentActor(w.owner), back.ID, kefu.StatusResolved, nil)
			kefutest.Must(t, err)
		}
	})
}
