package realtime

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// benchEvent is a typical message.created: a short visitor message with its conversation.
func benchEvent(contactID string) *kefu.Event {
	now := time.Now()
	conv := &kefu.Conversation{ID: "0193a6f0-0000-7000-8000-000000000001", OrgID: "org1", InboxID: "inbox1",
		ContactID: contactID, Status: kefu.StatusOpen, LastSeq: 17, LastActivityAt: now, CreatedAt: now, UpdatedAt: now, Labels: []string{}}
	msg := &kefu.Message{ID: "0193a6f0-0000-7000-8000-000000000002", OrgID: "org1", ConversationID: conv.ID, Seq: 17,
		SenderType: kefu.SenderContact, SenderID: contactID, SenderName: "Ann", Kind: kefu.KindText,
		Content: "你好，我想问一下订单 12345 什么时候发货？", ClientMsgID: "9f1c6a1e-2b7d", CreatedAt: now, Attachments: []kefu.Attachment{}}
	return &kefu.Event{OrgID: "org1", Seq: 42, Type: kefu.EventMessageCreated, ConversationID: conv.ID,
		ContactID: contactID, InboxID: "inbox1", Message: msg, Conversation: conv, CreatedAt: now}
}

// BenchmarkEncodeAgentFrame measures encoding one event for agents, done once per event.
func BenchmarkEncodeAgentFrame(b *testing.B) {
	ev := benchEvent("contact1")
	b.ReportAllocs()
	for b.Loop() {
		if it := agentItem(ev); len(it.frame) == 0 {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkEncodeVisitorFrame measures encoding one event's visitor projection.
func BenchmarkEncodeVisitorFrame(b *testing.B) {
	ev := benchEvent("contact1")
	b.ReportAllocs()
	for b.Loop() {
		if it, ok := visitorItem(ev, testLinks{}); !ok || len(it.frame) == 0 {
			b.Fatal("no frame")
		}
	}
}

// BenchmarkDecodeSendFrame measures the strict decoder on a typical send request.
func BenchmarkDecodeSendFrame(b *testing.B) {
	data := []byte(`{"type":"send","ref":"c1","conversation_id":"0193a6f0-0000-7000-8000-000000000001","client_msg_id":"9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d","content":"你好，我想问一下订单 12345 什么时候发货？"}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeClientFrame(data, 64<<10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeSendFrameEscaped measures the decoder on a send request whose text is all
// \u escapes, as ASCII-only JSON encoders write it, with an emoji as a surrogate pair: the path
// where surrogate pairing is checked.
func BenchmarkDecodeSendFrameEscaped(b *testing.B) {
	data := []byte(`{"type":"send","ref":"c1","conversation_id":"0193a6f0-0000-7000-8000-000000000001","client_msg_id":"9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d","content":"\u4f60\u597d\uff0c\u6211\u60f3\u95ee\u4e00\u4e0b\u8ba2\u5355 12345 \u4ec0\u4e48\u65f6\u5019\u53d1\u8d27\uff1f\ud83d\ude00"}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeClientFrame(data, 64<<10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHubPublish measures fan-out of one message.created through the hub to the agents of
// an organisation (every agent gets every event) with many idle visitors registered.
func BenchmarkHubPublish(b *testing.B) {
	for _, agents := range []int{1, 10, 40} {
		b.Run(fmt.Sprintf("agents=%d/visitors=10000", agents), func(b *testing.B) {
			// The default queue of 256 frames: every connection's buffer is allocated up front.
			h := NewHub(HubOptions{MaxConnections: 100000})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for i := range agents {
				c := benchConn(ctx, h, kefu.Actor{Kind: kefu.ActorAgent, OrgID: "org1", AgentID: fmt.Sprint("a", i), Role: kefu.RoleAgent})
				go drainUntil(ctx, c)
			}
			for i := range 10000 {
				c := benchConn(ctx, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "org1", ContactID: fmt.Sprint("contact", i), InboxID: "inbox1"})
				if i == 7 { // the only visitor the event is for
					go drainUntil(ctx, c)
				}
			}
			evs := []kefu.Event{*benchEvent("contact7")}
			b.ReportAllocs()
			for b.Loop() {
				h.Publish(evs)
			}
		})
	}
}

func benchConn(ctx context.Context, h *Hub, a kefu.Actor) *conn {
	c := newSSEConn(ctx, h, a.Kind)
	c.actor = a
	if err := h.admit(c); err != nil {
		panic(err)
	}
	h.register(c)
	return c
}

// drainUntil empties c's queue whenever the hub wakes it, as an SSE writer would, until ctx
// ends.
func drainUntil(ctx context.Context, c *conn) {
	for {
		select {
		case <-c.wake:
			drain(c)
		case <-ctx.Done():
			return
		}
	}
}
