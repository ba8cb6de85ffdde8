package conversation_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// startWaiting starts a conversation for a new contact of w's inbox, as the widget does.
func (e *env) startWaiting(t *testing.T, w *world, name string) *kefu.Conversation {
	t.Helper()
	c := e.mustContact(t, w, name)
	st, err := e.svc.StartForVisitor(context.Background(), visitorActor(w, c), conversation.StartRequest{
		First: &kefu.SendRequest{ClientMsgID: "first", Content: "hello from " + name},
	})
	kefutest.Must(t, err)
	return st.Conversation
}

func (e *env) setCapacity(t *testing.T, a *kefu.Agent, capacity int) {
	t.Helper()
	a.Capacity = capacity
	kefutest.Must(t, e.st.UpdateAgent(context.Background(), a))
}

// TestDrainQueueInArrivalOrder: capacity that appears goes to the conversations that waited
// longest, never to a younger one while an older one of the inbox waits.
func TestDrainQueueInArrivalOrder(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		w := e.mustWorld(t, true)
		for _, a := range []*kefu.Agent{w.owner, w.supervisor, w.colleague} {
			e.setCapacity(t, a, 0) // only w.agent takes conversations
		}
		// Agents online but full: the conversations queue (with nobody online they would be
		// offline messages, which never queue).
		e.setCapacity(t, w.agent, 0)
		e.presence.connect(w.owner.ID, w.supervisor.ID, w.agent.ID, w.colleague.ID)
		var queue []*kefu.Conversation
		for _, name := range []string{"first", "second", "third"} {
			queue = append(queue, e.startWaiting(t, w, name))
		}
		e.setCapacity(t, w.agent, 1)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 1 {
			t.Fatalf("DrainQueue with one free slot = %d, %v; want 1 assigned", n, err)
		}
		wantAssignees(t, e, w, queue, w.agent.ID, "", "")

		e.setCapacity(t, w.agent, 3)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 2 {
			t.Fatalf("DrainQueue after capacity was raised = %d, %v; want the other 2", n, err)
		}
		wantAssignees(t, e, w, queue, w.agent.ID, w.agent.ID, w.agent.ID)
		if n, err := e.svc.DrainQueue(ctx, w.org.ID); err != nil || n != 0 {
			t.Fatalf("DrainQueue with nobody waiting = %d, %v; want 0", n, err)
		}
	})
}

// TestDrainQueueNeedsTheRule: with the organisation's assignment rule off nothing is assigned.
func TestDrainQueueNeedsTheRule(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.startWaiting(t, w, "waiting")
		e.presence.connect(w.agent.ID)
		if n, err := e.svc.DrainAllQueues(context.Background()); err != nil || n != 0 {
			t.Fatalf("DrainAllQueues with the rule off = %d, %v; want 0", n, err)
		}
		wantAssignees(t, e, w, []*kefu.Conversation{c}, "")
	})
}

// TestStartJoinsTheBackOfTheQueue: a newcomer does not take a free slot while an older
// conversation of its inbox waits for it.
func TestStartJoinsTheBackOfTheQueue(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, true)
		for _, a := range []*kefu.Agent{w.owner, w.supervisor, w.colleague} {
			e.setCapacity(t, a, 0)
		}
		e.setCapacity(t, w.agent, 0)
		e.presence.connect(w.agent.ID)
		older := e.startWaiting(t, w, "older") // the agent is full yet
		e.setCapacity(t, w.agent, 1)
		newer := e.startWaiting(t, w, "newer")
		wantAssignees(t, e, w, []*kefu.Conversation{older, newer}, w.agent.ID, "")
	})
}

func wantAssignees(t *testing.T, e *env, w *world, convs []*kefu.Conversation, want ...string) {
	t.Helper()
	for i, c := range convs {
		if got := e.conversation(t, w, c.ID).AssigneeID; got != want[i] {
			t.Errorf("conversation %d of the queue: assignee %q, want %q", i+1, got, want[i])
		}
	}
}
