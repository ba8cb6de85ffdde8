package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// RunFaults checks recovery from failures a database has only on a full disk or an I/O error.
// failNextEventSave must make the store's next batch fail to save its events once, after all
// of its ops succeeded (a test hook of package store).
func RunFaults(t *testing.T, open func(t *testing.T) *store.Store, failNextEventSave func(*store.Store)) {
	t.Run("EventSaveFailure", func(t *testing.T) {
		t.Parallel()
		testEventSaveFailure(t, open(t), failNextEventSave)
	})
}

// testEventSaveFailure: a batch whose events fail to save is rolled back and run again with a
// savepoint per op; the retry must start from the conversation as committed, not as the
// rolled-back attempt left it in memory, so seqs stay gap-free.
func testEventSaveFailure(t *testing.T, s *store.Store, failNextEventSave func(*store.Store)) {
	ctx := context.Background()
	w := newWorld(t, s)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "one"))
	w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "two"))
	seq0 := latestEventSeq(t, s, w.org.ID)
	retries0 := s.WriterRetries()
	failNextEventSave(s)
	three := w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "three"))
	if got := s.WriterRetries() - retries0; got != 1 {
		t.Fatalf("batches retried: got %d, want 1 (the injected failure did not happen)", got)
	}
	four := w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "four"))
	if three.Seq != 3 || four.Seq != 4 {
		t.Errorf("seqs after a failed event save: got %d and %d, want 3 and 4", three.Seq, four.Seq)
	}
	msgs, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	for i, m := range msgs {
		if m.Seq != int64(i+1) {
			t.Errorf("stored message %d (%q) has seq %d", i, m.Content, m.Seq)
		}
	}
	if c := w.conversation(t); c.LastSeq != 4 || len(msgs) != 4 {
		t.Errorf("conversation last seq %d with %d messages, want 4 and 4", c.LastSeq, len(msgs))
	}
	for i, ev := range listEvents(t, s, w.org.ID, seq0) {
		if ev.Seq != seq0+int64(i+1) || ev.Message == nil || ev.Message.Seq != int64(i+3) {
			t.Errorf("event %d after the failure: %s", i, describe([]kefu.Event{ev}))
		}
	}
}
