package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// deliveryWorld is a world with an API inbox whose agent replies need delivery.
type deliveryWorld struct {
	*world
	conv *kefu.Conversation // a conversation of the API inbox
}

func newDeliveryWorld(t *testing.T, s *store.Store) *deliveryWorld {
	s.SetDeliveryPolicy(func(ch kefu.ChannelType, m *kefu.Message) bool { return ch == kefu.ChannelAPI })
	w := newWorld(t, s)
	in := &kefu.Inbox{OrgID: w.org.ID, Name: "API", Channel: kefu.ChannelAPI, WidgetKey: next("wk")}
	must(t, s.CreateInbox(context.Background(), in))
	c, err := s.CreateConversation(context.Background(), &kefu.Conversation{OrgID: w.org.ID, InboxID: in.ID, ContactID: w.contact.ID})
	must(t, err)
	return &deliveryWorld{world: w, conv: c}
}

// appendTo appends m to conversation c and returns it as stored.
func (w *deliveryWorld) appendTo(t *testing.T, c *kefu.Conversation, m *kefu.Message) *kefu.Message {
	t.Helper()
	m.ConversationID = c.ID
	out, _, err := w.s.AppendMessage(context.Background(), m, nil)
	must(t, err)
	return out
}

// deliveryJobs counts the delivery jobs of a message.
func (w *deliveryWorld) deliveryJobs(t *testing.T, msgID string) int {
	t.Helper()
	jobs, err := w.s.ListJobs(context.Background(), w.org.ID, kefu.JobQuery{Ref: msgID})
	must(t, err)
	n := 0
	for _, j := range jobs {
		if j.Kind == kefu.DeliveryJobKind {
			n++
		}
	}
	return n
}

// testDeliveryQueued: an agent's public reply in an inbox the policy names gets a delivery
// record (sending) and a job in its own transaction, once however often it is retried; the
// customer's messages, notes and a web conversation's replies get neither.
func testDeliveryQueued(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	w := newDeliveryWorld(t, open(t))
	reply := w.msg(kefu.SenderAgent, kefu.KindText, "hello")
	reply.ClientMsgID = "c1"
	m := w.appendTo(t, w.conv, reply)
	if m.Delivery == nil || m.Delivery.Status != kefu.DeliverySending {
		t.Fatalf("reply's delivery = %+v, want sending", m.Delivery)
	}
	r, err := w.s.GetDelivery(ctx, w.org.ID, m.ID)
	if err != nil || r.Status != kefu.DeliverySending || r.Seq != m.Seq || r.InboxID != w.conv.InboxID || r.InFlight {
		t.Fatalf("record = %+v (%v), want sending at seq %d in the API inbox", r, err, m.Seq)
	}
	again := w.msg(kefu.SenderAgent, kefu.KindText, "hello")
	again.ClientMsgID = "c1"
	w.appendTo(t, w.conv, again)
	if n := w.deliveryJobs(t, m.ID); n != 1 {
		t.Errorf("%d delivery jobs after a retried append, want 1", n)
	}
	for name, other := range map[string]*kefu.Message{
		"customer's message": w.appendTo(t, w.conv, w.msg(kefu.SenderContact, kefu.KindText, "hi")),
		"note":               w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindNote, "internal")),
		"web reply":          w.appendTo(t, w.world.conv, w.msg(kefu.SenderAgent, kefu.KindText, "hi web")),
	} {
		if _, err := w.s.GetDelivery(ctx, w.org.ID, other.ID); other.Delivery != nil || !kefu.IsNotFound(err) || w.deliveryJobs(t, other.ID) != 0 {
			t.Errorf("%s: delivery %+v, record %v, %d jobs; want none", name, other.Delivery, err, w.deliveryJobs(t, other.ID))
		}
	}
}

// testDeliveryStates: an attempt is in flight until its outcome is recorded; each outcome
// emits message.updated; reads fill the delivery in; only a failed delivery can be retried,
// which queues a fresh job.
func testDeliveryStates(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	w := newDeliveryWorld(t, open(t))
	m := w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "first"))
	later := w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "second"))
	must(t, w.s.StartDeliveryAttempt(ctx, w.org.ID, m.ID))
	if r, _ := w.s.GetDelivery(ctx, w.org.ID, m.ID); !r.InFlight || r.Attempts != 1 {
		t.Fatalf("started attempt: %+v, want in flight, 1 attempt", r)
	}
	next := time.Now().Add(time.Minute).Truncate(time.Microsecond)
	got, err := w.s.FinishDeliveryAttempt(ctx, w.org.ID, m.ID, kefu.DeliveryOutcome{Status: kefu.DeliverySending, Error: "busy", NextAttemptAt: &next})
	must(t, err)
	if got.Delivery == nil || got.Delivery.Error != "busy" || got.Delivery.NextAttemptAt == nil || !got.Delivery.NextAttemptAt.Equal(next) {
		t.Fatalf("after a temporary failure: %+v, want sending, reason busy, next attempt %v", got.Delivery, next)
	}
	w.checkLastEvent(t, m.ID, kefu.DeliverySending)
	if e, err := w.s.EarlierSending(ctx, w.org.ID, w.conv.ID, later.Seq); err != nil || e.MessageID != m.ID {
		t.Errorf("EarlierSending before the second reply = %+v (%v), want the first", e, err)
	}
	_, err = w.s.FinishDeliveryAttempt(ctx, w.org.ID, m.ID, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: "blocked"})
	must(t, err)
	w.checkLastEvent(t, m.ID, kefu.DeliveryFailed)
	w.checkFilled(t, m.ID, kefu.DeliveryFailed)
	if _, err := w.s.FinishDeliveryAttempt(ctx, w.org.ID, m.ID, kefu.DeliveryOutcome{Status: kefu.DeliverySent}); !kefu.IsNotFound(err) {
		t.Errorf("recording an outcome of a failed delivery = %v, want not found", err)
	}
	r, err := w.s.RetryDelivery(ctx, w.org.ID, w.conv.ID, m.ID)
	if err != nil || r.Delivery.Status != kefu.DeliverySending || r.Delivery.Attempts != 0 || r.Delivery.Error != "" || w.deliveryJobs(t, m.ID) != 2 {
		t.Fatalf("retry = %+v (%v), %d jobs; want sending afresh with a second job", r, err, w.deliveryJobs(t, m.ID))
	}
	if _, err := w.s.RetryDelivery(ctx, w.org.ID, w.conv.ID, m.ID); kefu.ErrorCode(err) != kefu.CodeConflict {
		t.Errorf("retry of a sending delivery = %v, want conflict", err)
	}
}

// checkLastEvent wants the organisation's newest event to be message.updated of msgID with
// the delivery status want.
func (w *deliveryWorld) checkLastEvent(t *testing.T, msgID string, want kefu.DeliveryStatus) {
	t.Helper()
	evs, err := w.s.ListEvents(context.Background(), w.org.ID, 0, 200)
	must(t, err)
	last := evs[len(evs)-1]
	if last.Type != kefu.EventMessageUpdated || last.Message == nil || last.Message.ID != msgID ||
		last.Message.Delivery == nil || last.Message.Delivery.Status != want || last.Conversation == nil {
		t.Fatalf("last event %s %+v, want message.updated of %s with delivery %s and its conversation", last.Type, last.Message, msgID, want)
	}
}

// checkFilled wants agents' reads to carry msgID's delivery, and no other message one.
func (w *deliveryWorld) checkFilled(t *testing.T, msgID string, want kefu.DeliveryStatus) {
	t.Helper()
	msgs, err := w.s.ListMessages(context.Background(), w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	must(t, w.s.FillDeliveries(context.Background(), w.org.ID, w.conv.ID, msgs))
	for _, m := range msgs {
		if m.ID == msgID && (m.Delivery == nil || m.Delivery.Status != want) {
			t.Errorf("read %s with delivery %+v, want %s", m.ID, m.Delivery, want)
		}
	}
}
