package conversation_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// eachStoreWithClock is eachStore with the service on an injected clock.
func eachStoreWithClock(t *testing.T, fn func(t *testing.T, e *env, clk *fakeClock)) {
	t.Helper()
	run := func(st *store.Store) (*env, *fakeClock) {
		clk := &fakeClock{now: time.Now()}
		blobs, err := blob.NewDisk(t.TempDir())
		kefutest.Must(t, err)
		e := &env{st: st, presence: &presence{}, ephemeral: &recorder{}}
		e.svc = conversation.New(conversation.Options{Store: st, Blobs: blobs, Presence: e.presence, Ephemeral: e.ephemeral, Now: clk.Now})
		return e, clk
	}
	t.Run("sqlite", func(t *testing.T) { e, c := run(storetest.OpenSQLite(t)); fn(t, e, c) })
	t.Run("postgres", func(t *testing.T) { e, c := run(storetest.OpenPostgres(t)); fn(t, e, c) })
}

func (e *env) setOrg(t *testing.T, w *world, change func(*kefu.OrgSettings)) {
	t.Helper()
	change(&w.org.Settings)
	kefutest.Must(t, e.st.UpdateOrg(context.Background(), w.org))
}

// requeues returns the reasons of the conversation's "requeued" activity lines, oldest first,
// with the agent each was taken from.
func (e *env) requeues(t *testing.T, w *world, id string) []string {
	t.Helper()
	var out []string
	for _, m := range e.messages(t, w, id) {
		var a struct {
			Action, Reason string
			AssigneeID     string `json:"assignee_id"`
		}
		if m.Kind == kefu.KindEvent && json.Unmarshal([]byte(m.Content), &a) == nil && a.Action == "requeued" {
			out = append(out, a.Reason+" from "+a.AssigneeID)
		}
	}
	return out
}

func (e *env) mustRequeue(t *testing.T, want int, when string) {
	t.Helper()
	if n, err := e.svc.RequeueDue(context.Background()); err != nil || n != want {
		t.Fatalf("RequeueDue %s = %d, %v; want %d", when, n, err, want)
	}
}

// TestAcceptTimeout: an automatic assignment its agent has not opened within the organisation's
// accept timeout goes back to the queue with a requeued line, and the next drain gives it to
// someone else — never back to the agent who let it time out; an opened one stays.
func TestAcceptTimeout(t *testing.T) {
	eachStoreWithClock(t, func(t *testing.T, e *env, clk *fakeClock) {
		ctx := context.Background()
		w := e.mustWorld(t, true)
		e.setOrg(t, w, func(s *kefu.OrgSettings) { s.AcceptTimeoutSeconds = 60 })
		e.setCapacity(t, w.owner, 0)
		e.setCapacity(t, w.supervisor, 0)
		e.setCapacity(t, w.agent, 1)
		e.setCapacity(t, w.colleague, 1)
		e.presence.connect(w.agent.ID, w.colleague.ID)
		ignored, opened := e.startWaiting(t, w, "ignored"), e.startWaiting(t, w, "opened")
		x, y := e.conversation(t, w, ignored.ID).AssigneeID, e.conversation(t, w, opened.ID)
		if x == "" || y.AssigneeID == "" || x == y.AssigneeID {
			t.Fatalf("assignees %q and %q, want the two conversations with the two agents", x, y.AssigneeID)
		}
		opener := w.agent
		if y.AssigneeID == w.colleague.ID {
			opener = w.colleague
		}
		kefutest.Must(t, e.svc.MarkRead(ctx, kefutest.AgentActor(opener), opened.ID, y.LastSeq))

		clk.add(30 * time.Second)
		e.mustRequeue(t, 0, "within the timeout")
		clk.add(31 * time.Second)
		e.mustRequeue(t, 1, "past the timeout")
		if got := e.conversation(t, w, ignored.ID).AssigneeID; got != "" {
			t.Errorf("the unopened conversation went to %q; want it waiting (its agent excluded, the other full)", got)
		}
		if got := e.requeues(t, w, ignored.ID); len(got) != 1 || got[0] != kefu.ReasonAcceptTimeout+" from "+x {
			t.Errorf("requeued lines = %v, want one accept_timeout from %s", got, x)
		}
		decs, err := e.st.ListRoutingDecisions(ctx, w.org.ID, ignored.ID)
		kefutest.Must(t, err)
		if len(decs) < 2 || decs[len(decs)-2].Kind != kefu.DecisionRequeued || decs[len(decs)-2].Reason != kefu.ReasonAcceptTimeout ||
			decs[len(decs)-2].Candidates[0].AgentID != x {
			t.Errorf("decisions = %+v; want a requeued (accept_timeout, from %s) one followed by the drain's queued one", decs, x)
		}
		if got := e.conversation(t, w, opened.ID).AssigneeID; got != y.AssigneeID {
			t.Errorf("the opened conversation went to %q, want it kept by %s", got, y.AssigneeID)
		}

		e.setCapacity(t, opener, 2)
		if _, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.conversation(t, w, ignored.ID).AssigneeID; got != opener.ID {
			t.Errorf("after the drain the conversation went to %q, want %s (not %s, who let it time out)", got, opener.ID, x)
		}
	})
}

// TestReleaseOnAway: with release on away, an agent who is away gives back their open
// conversations no agent has answered; answered ones stay; with the setting off nothing moves.
func TestReleaseOnAway(t *testing.T) {
	eachStoreWithClock(t, func(t *testing.T, e *env, _ *fakeClock) {
		w := e.mustWorld(t, true)
		for _, a := range []*kefu.Agent{w.owner, w.supervisor, w.colleague} {
			e.setCapacity(t, a, 0)
		}
		e.setCapacity(t, w.agent, 2)
		e.presence.connect(w.agent.ID)
		unanswered, answered := e.startWaiting(t, w, "unanswered"), e.startWaiting(t, w, "answered")
		wantAssignees(t, e, w, []*kefu.Conversation{unanswered, answered}, w.agent.ID, w.agent.ID)
		e.mustSend(t, kefutest.AgentActor(w.agent), answered.ID, "on it")

		w.agent.Availability = kefu.Away
		kefutest.Must(t, e.st.UpdateAgent(context.Background(), w.agent))
		e.mustRequeue(t, 0, "with release on away off")
		e.setOrg(t, w, func(s *kefu.OrgSettings) { s.ReleaseOnAway = true })
		e.mustRequeue(t, 1, "with release on away on")
		wantAssignees(t, e, w, []*kefu.Conversation{unanswered, answered}, "", w.agent.ID)
		if got := e.requeues(t, w, unanswered.ID); len(got) != 1 || got[0] != kefu.ReasonAgentAway+" from "+w.agent.ID {
			t.Errorf("requeued lines = %v, want one agent_away from the agent", got)
		}
		e.mustRequeue(t, 0, "again")
	})
}
