package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testRepliesSinceContact: the count of a channel's reply limit takes the replies sent to the
// platform since the contact last wrote: not notes, not the contact's own messages, not a
// failed delivery; a new message of the contact starts again from zero; another
// organisation's id counts nothing.
func testRepliesSinceContact(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	w := newDeliveryWorld(t, open(t))
	w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "before the customer wrote"))
	w.wantReplies(t, w.org.ID, 1)
	w.appendTo(t, w.conv, w.msg(kefu.SenderContact, kefu.KindText, "hello"))
	w.wantReplies(t, w.org.ID, 0)
	w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "one"))
	failed := w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "two"))
	w.appendTo(t, w.conv, w.msg(kefu.SenderBot, kefu.KindText, "three"))
	w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindNote, "a note"))
	w.wantReplies(t, w.org.ID, 3)
	must(t, w.s.StartDeliveryAttempt(ctx, w.org.ID, failed.ID))
	_, err := w.s.FinishDeliveryAttempt(ctx, w.org.ID, failed.ID, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: "refused"})
	must(t, err)
	w.wantReplies(t, w.org.ID, 2)
	w.wantReplies(t, newWorld(t, w.s).org.ID, 0)
	w.appendTo(t, w.conv, w.msg(kefu.SenderContact, kefu.KindText, "again"))
	w.appendTo(t, w.conv, w.msg(kefu.SenderAgent, kefu.KindText, "four"))
	w.wantReplies(t, w.org.ID, 1)
}

// wantReplies wants RepliesSinceContact of the API conversation, read as org, to be want.
func (w *deliveryWorld) wantReplies(t *testing.T, org string, want int) {
	t.Helper()
	n, err := w.s.RepliesSinceContact(context.Background(), org, w.conv.ID)
	if err != nil || n != want {
		t.Fatalf("RepliesSinceContact = %d (%v), want %d", n, err, want)
	}
}
