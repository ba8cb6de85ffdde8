package realtime

import (
	"math/rand/v2"
	"testing"

	"github.com/kefu-dev/kefu/internal/jsonenc/jsonenctest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestFramesMatchEncodingJSON fills every field of each hand-encoded frame with random data many
// times over and compares the encoding with encoding/json's of the frame struct. A field added
// to a frame or a projection and not to its encoder makes this fail.
func TestFramesMatchEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		var af agentEventFrame
		jsonenctest.Fill(r, &af)
		jsonenctest.SameAsMarshal(t, "agent frame", af.appendJSON(nil), af)

		var vf visitorEventFrame
		jsonenctest.Fill(r, &vf)
		jsonenctest.SameAsMarshal(t, "visitor frame", vf.appendJSON(nil), vf)

		var m kefu.Message
		jsonenctest.Fill(r, &m)
		ref, dup := "", r.IntN(2) == 0
		if r.IntN(2) == 0 {
			ref = m.SenderName // any string
		}
		jsonenctest.SameAsMarshal(t, "agent ack", ackOf(ref, kefu.ActorAgent, &m, dup, testLinks{}),
			ackFrame{Type: frameAck, Ref: ref, Message: &m, Duplicate: &dup})
		jsonenctest.SameAsMarshal(t, "visitor ack", ackOf(ref, kefu.ActorVisitor, &m, dup, testLinks{}),
			ackFrame{Type: frameAck, Ref: ref, Message: kefu.NewVisitorMessage(&m, testLinks{}), Duplicate: &dup})
	}
}

// TestItemsEncodeTheirFrames checks that the items the hub queues carry those encodings.
func TestItemsEncodeTheirFrames(t *testing.T) {
	ev := benchEvent("contact1")
	ai := agentItem(ev)
	jsonenctest.SameAsMarshal(t, "agent item", ai.frame, agentEventFrame{Type: ev.Type, Cursor: ev.Seq,
		ConversationID: ev.ConversationID, Message: ev.Message, Conversation: ev.Conversation})
	vi, ok := visitorItem(ev, testLinks{})
	if !ok {
		t.Fatal("a public message must reach the visitor")
	}
	jsonenctest.SameAsMarshal(t, "visitor item", vi.frame, visitorEventFrame{Type: ev.Type,
		ConversationID: ev.ConversationID, Message: kefu.NewVisitorMessage(ev.Message, testLinks{}),
		Conversation: kefu.NewVisitorConversation(ev.Conversation)})
}

// TestQueueItemForVisitorsOnly checks that a queue event reaches the visitor as a queue.updated
// frame carrying their status, and that one without a status is dropped.
func TestQueueItemForVisitorsOnly(t *testing.T) {
	q := &kefu.QueueStatus{State: kefu.QueueQueued, AgentsAvailable: true, Position: 2, EstimatedWaitSeconds: 90}
	ev := &kefu.Event{Type: kefu.EventQueue, ConversationID: "c1", ContactID: "k1", InboxID: "i1", Queue: q}
	vi, ok := visitorItem(ev, testLinks{})
	if !ok {
		t.Fatal("a queue event must reach its visitor")
	}
	jsonenctest.SameAsMarshal(t, "queue item", vi.frame, visitorEventFrame{Type: kefu.EventQueue, ConversationID: "c1", Queue: q})
	if _, ok := visitorItem(&kefu.Event{Type: kefu.EventQueue, ConversationID: "c1"}, testLinks{}); ok {
		t.Error("a queue event without a status was sent, want it dropped")
	}
}
