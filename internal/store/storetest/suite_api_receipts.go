package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testInboundReceipts: a receipt reads back as written; a second receipt of the same webhook id
// keeps the first; receipts are per inbox; writing prunes the inbox's receipts older than the
// window and leaves the newer ones.
func testInboundReceipts(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	w := newWorld(t, s)
	now := time.Now().UTC().Truncate(time.Microsecond)
	first := kefu.InboundReceipt{InboxID: w.inbox.ID, WebhookID: "msg_1", ConversationID: w.conv.ID,
		MessageID: "m1", ContactID: w.contact.ID, SeenAt: now.Add(-20 * time.Minute)}
	must(t, s.RecordInboundReceipt(ctx, first, now.Add(-time.Hour)))
	again := first
	again.MessageID, again.SeenAt = "m2", now.Add(-19*time.Minute)
	must(t, s.RecordInboundReceipt(ctx, again, now.Add(-time.Hour)))
	got, err := s.InboundReceipt(ctx, w.inbox.ID, "msg_1")
	if err != nil || *got != first {
		t.Fatalf("InboundReceipt = %+v, %v; want the first receipt %+v", got, err, first)
	}
	if _, err := s.InboundReceipt(ctx, "other-inbox", "msg_1"); !kefu.IsNotFound(err) {
		t.Errorf("receipt of another inbox: err = %v, want not found", err)
	}
	fresh := first
	fresh.WebhookID, fresh.SeenAt = "msg_2", now
	must(t, s.RecordInboundReceipt(ctx, fresh, now.Add(-10*time.Minute)))
	if _, err := s.InboundReceipt(ctx, w.inbox.ID, "msg_1"); !kefu.IsNotFound(err) {
		t.Errorf("receipt older than the window: err = %v, want pruned (not found)", err)
	}
	if got, err := s.InboundReceipt(ctx, w.inbox.ID, "msg_2"); err != nil || got.SeenAt != now {
		t.Errorf("fresh receipt = %+v, %v; want it kept", got, err)
	}
}
