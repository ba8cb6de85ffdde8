package conversation_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestQueuePosition: with nobody of the inbox online a waiting visitor is told "offline", not a
// position; once agents are, the position counts the inbox's unassigned, open or pending
// conversations that have waited longer, and the estimate divides by the agents available now.
func TestQueuePosition(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		// Customers in the order they started waiting.
		customers := make([]*kefu.Contact, 6)
		convs := make([]*kefu.Conversation, len(customers))
		for i := range customers {
			customers[i] = e.mustContact(t, w, "customer")
			convs[i] = e.mustConversation(t, w, customers[i])
			e.mustSend(t, visitorActor(w, customers[i]), convs[i].ID, "hello?")
		}
		queue := func(i int) conversation.QueueStatus {
			t.Helper()
			q, err := e.svc.Queue(ctx, visitorActor(w, customers[i]), convs[i].ID)
			if err != nil {
				t.Fatalf("Queue(customer %d): %v", i, err)
			}
			return *q
		}
		// Nobody of the inbox is online: no position, which would promise an answer nobody gives.
		offline := conversation.QueueStatus{State: conversation.QueueOffline}
		if got := queue(0); got != offline {
			t.Errorf("first in line, nobody available: got %+v, want %+v", got, offline)
		}
		if got := queue(2); got != offline {
			t.Errorf("third in line, nobody available: got %+v, want %+v", got, offline)
		}
		e.presence.connect(w.agent.ID)
		if got, want := queue(2), (conversation.QueueStatus{State: conversation.QueueQueued, AgentsAvailable: true, Position: 3, EstimatedWaitSeconds: 270}); got != want {
			t.Errorf("third in line, one agent available: got %+v, want %+v", got, want)
		}

		// Ahead of customer 5: 0 is assigned, 1 got a reply, 2 is resolved, 3 is snoozed; only 4
		// still waits.
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.agent), convs[0].ID, assignTo(w.agent))
		kefutest.Must(t, err)
		e.mustSend(t, kefutest.AgentActor(w.agent), convs[1].ID, "hi, one moment")
		_, err = e.svc.SetStatus(ctx, kefutest.AgentActor(w.agent), convs[2].ID, kefu.StatusResolved, nil)
		kefutest.Must(t, err)
		_, err = e.svc.SetStatus(ctx, kefutest.AgentActor(w.agent), convs[3].ID, kefu.StatusSnoozed, nil)
		kefutest.Must(t, err)
		e.presence.connect(w.agent.ID, w.colleague.ID)
		// The estimate is measured now (a conversation was resolved moments after it began),
		// so it is far below the assumed 90 s per place.
		if got := queue(5); got.State != conversation.QueueQueued || got.Position != 2 || got.EstimatedWaitSeconds > 5 {
			t.Errorf("behind one waiting, two agents available: got %+v, want queued, position 2, a measured (short) estimate", got)
		}

		tests := []struct {
			name     string
			customer int
			want     conversation.QueueStatus
		}{
			{"assigned", 0, conversation.QueueStatus{State: conversation.QueueAssigned, AgentsAvailable: true, Assigned: true}},
			{"replied to", 1, conversation.QueueStatus{State: conversation.QueueIdle, AgentsAvailable: true}},
			{"resolved", 2, conversation.QueueStatus{State: conversation.QueueIdle, AgentsAvailable: true}},
		}
		for _, tt := range tests {
			if got := queue(tt.customer); got != tt.want {
				t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
			}
		}
	})
}

// TestQueueCountsOnlyTheInbox: conversations waiting in another inbox are another queue.
func TestQueueCountsOnlyTheInbox(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		shop := &kefu.Inbox{OrgID: w.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
		kefutest.Must(t, e.st.CreateInbox(ctx, shop))
		inShop, err := e.st.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: shop.ID, ContactID: w.other.ID})
		kefutest.Must(t, err)
		shopVisitor := visitorActor(w, w.other)
		shopVisitor.InboxID = shop.ID
		e.mustSend(t, shopVisitor, inShop.ID, "first!")

		c := e.mustConversation(t, w, w.contact)
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "hello?")
		e.presence.connect(w.agent.ID)
		q, err := e.svc.Queue(ctx, visitorActor(w, w.contact), c.ID)
		kefutest.Must(t, err)
		if q.Position != 1 {
			t.Errorf("got position %d, want 1 (the other inbox's visitor is not ahead)", q.Position)
		}
	})
}

// TestAgentsAvailable: only enabled, online agents with a live connection who are members of
// the inbox (every agent when it names none) count.
func TestAgentsAvailable(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		away := e.mustAgent(t, w, "Away", kefu.RoleAgent)
		away.Availability = kefu.Away
		kefutest.Must(t, e.st.UpdateAgent(ctx, away))
		members := &kefu.Inbox{OrgID: w.org.ID, Name: "Members", Channel: kefu.ChannelWeb, WidgetKey: unique("wk"), MemberIDs: []string{w.colleague.ID}}
		kefutest.Must(t, e.st.CreateInbox(ctx, members))

		available := func(in *kefu.Inbox) bool {
			t.Helper()
			ok, err := e.svc.AgentsAvailable(ctx, in)
			kefutest.Must(t, err)
			return ok
		}
		e.presence.connect(away.ID, w.disabled.ID)
		if available(w.inbox) {
			t.Error("only an away and a disabled agent connected: got available, want none")
		}
		e.presence.connect(w.agent.ID)
		if !available(w.inbox) {
			t.Error("an online agent connected, inbox without members: got none, want available")
		}
		if available(members) {
			t.Error("the inbox's only member is not connected: got available, want none")
		}
		e.presence.connect(w.colleague.ID)
		if !available(members) {
			t.Error("the inbox's member connected: got none, want available")
		}
	})
}
