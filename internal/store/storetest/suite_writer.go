package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// blockWriter parks the writer goroutine inside a mutation until release is called, so the
// test can queue writes and know they will share the next batch.
func blockWriter(t *testing.T, w *world) (release func()) {
	t.Helper()
	entered, unblock, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	var enter sync.Once // a mutation may run again when its batch is retried
	c := w.newConversation(t)
	go func() {
		_, err := w.s.UpdateConversation(context.Background(), w.org.ID, c.ID, func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) {
			enter.Do(func() { close(entered) })
			<-unblock
			return nil, nil
		})
		done <- err
	}()
	<-entered
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(unblock)
			must(t, <-done)
		})
	}
	t.Cleanup(release)
	return release
}

// waitQueued polls until n writes wait in the queue.
func waitQueued(t *testing.T, s *store.Store, n int) {
	t.Helper()
	checkFor(t, 10*time.Second, func() error {
		if got := s.QueueLen(); got != n {
			return fmt.Errorf("queue length %d, want %d", got, n)
		}
		return nil
	})
}

type appendResult struct {
	m   *kefu.Message
	dup bool
	err error
}

// appendConcurrently appends the messages from one goroutine each and returns their results.
func appendConcurrently(s *store.Store, msgs []*kefu.Message, attachments [][]string) <-chan appendResult {
	out := make(chan appendResult, len(msgs))
	for i, m := range msgs {
		go func() {
			var att []string
			if attachments != nil {
				att = attachments[i]
			}
			got, dup, err := s.AppendMessage(context.Background(), m, att)
			out <- appendResult{got, dup, err}
		}()
	}
	return out
}

func testGroupCommit(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	const n = 50
	batch := func() []*kefu.Message {
		msgs := make([]*kefu.Message, n)
		for i := range msgs {
			msgs[i] = w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint(i))
			msgs[i].ClientMsgID = fmt.Sprintf("g-%d", i)
		}
		return msgs
	}
	firstIDs := map[string]string{}
	results := appendConcurrently(s, batch(), nil)
	for range n {
		r := <-results
		must(t, r.err)
		if r.dup {
			t.Errorf("first append of %s: got duplicate", r.m.ClientMsgID)
		}
		firstIDs[r.m.ClientMsgID] = r.m.ID
	}
	msgs, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{Limit: 200})
	must(t, err)
	if len(msgs) != n {
		t.Fatalf("messages: got %d, want %d", len(msgs), n)
	}
	clientIDs := map[string]bool{}
	for i, m := range msgs {
		if m.Seq != int64(i+1) {
			t.Errorf("message %d: got seq %d, want %d", i, m.Seq, i+1)
		}
		clientIDs[m.ClientMsgID] = true
	}
	if len(clientIDs) != n {
		t.Errorf("distinct client ids: got %d, want %d", len(clientIDs), n)
	}
	// Every retry returns the original.
	results = appendConcurrently(s, batch(), nil)
	for range n {
		r := <-results
		must(t, r.err)
		if !r.dup || r.m.ID != firstIDs[r.m.ClientMsgID] {
			t.Errorf("retry of %s: got id %s dup=%v, want %s dup=true", r.m.ClientMsgID, r.m.ID, r.dup, firstIDs[r.m.ClientMsgID])
		}
	}
	if c := w.conversation(t); c.LastSeq != n {
		t.Errorf("last seq after retries: got %d, want %d", c.LastSeq, n)
	}

	// With the writer busy, queued appends share one transaction.
	release := blockWriter(t, w)
	b0, o0 := s.WriterStats()
	results = appendConcurrently(s, []*kefu.Message{w.msg(kefu.SenderAgent, kefu.KindText, "a"), w.msg(kefu.SenderAgent, kefu.KindText, "b"),
		w.msg(kefu.SenderAgent, kefu.KindText, "c")}, nil)
	waitQueued(t, s, 3)
	release()
	for range 3 {
		must(t, (<-results).err)
	}
	b1, o1 := s.WriterStats()
	if b1-b0 != 2 || o1-o0 != 4 { // the blocking op's batch, then one batch of three
		t.Errorf("writer stats: got %d batches, %d ops; want 2 batches, 4 ops", b1-b0, o1-o0)
	}
	if batches, ops := s.WriterStats(); batches >= ops {
		t.Errorf("writer stats overall: got %d batches for %d ops, want fewer batches than ops", batches, ops)
	}
}

func testDuplicateClientIDSameBatch(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	release := blockWriter(t, w)
	const n = 20
	msgs := make([]*kefu.Message, n)
	for i := range msgs {
		msgs[i] = w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint(i))
		msgs[i].ClientMsgID = "same"
	}
	results := appendConcurrently(s, msgs, nil)
	waitQueued(t, s, n)
	b0, _ := s.WriterStats()
	release()
	fresh, ids := 0, map[string]bool{}
	for range n {
		r := <-results
		must(t, r.err)
		if !r.dup {
			fresh++
		}
		ids[r.m.ID] = true
	}
	if b1, _ := s.WriterStats(); b1-b0 != 2 {
		t.Errorf("batches: got %d, want 2 (the blocker and one batch of %d)", b1-b0, n)
	}
	if fresh != 1 || len(ids) != 1 {
		t.Errorf("same client id in one batch: got %d new and %d distinct ids, want 1 and 1", fresh, len(ids))
	}
	stored, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	if len(stored) != 1 {
		t.Errorf("stored messages: got %d, want 1", len(stored))
	}
}

// testSavepointIsolation queues good and failing ops into one batch: the failures get their
// own errors and leave no trace, the others commit with gap-free seqs. The first failure sends
// the batch down the retry path, where the later ones fail inside their savepoints.
func testSavepointIsolation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	release := blockWriter(t, w)
	seq0, _ := s.LatestEventSeq(ctx, w.org.ID)
	var msgs []*kefu.Message
	var atts [][]string
	for i := range 10 {
		msgs = append(msgs, w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint("good ", i)))
		atts = append(atts, nil)
		// This one inserts its message, then fails on the attachment: its savepoint must undo it.
		msgs = append(msgs, w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint("bad ", i)))
		atts = append(atts, []string{"missing"})
	}
	results := appendConcurrently(s, msgs, atts)
	refused := kefu.Errorf(kefu.CodeConflict, "refused")
	mutErr := make(chan error, 1)
	go func() {
		_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			c.Status = kefu.StatusResolved
			return nil, refused
		})
		mutErr <- err
	}()
	waitQueued(t, s, len(msgs)+1)
	release()
	good, bad := 0, 0
	for range msgs {
		r := <-results
		switch {
		case r.err == nil:
			good++
		case kefu.ErrorCode(r.err) == kefu.CodeInvalid:
			bad++
		default:
			t.Errorf("append: unexpected error %v", r.err)
		}
	}
	if err := <-mutErr; !errors.Is(err, refused) {
		t.Errorf("failing mutation: got %v, want its own error", err)
	}
	if good != 10 || bad != 10 {
		t.Errorf("results: got %d good and %d refused, want 10 and 10", good, bad)
	}
	stored, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	for i, m := range stored {
		if m.Seq != int64(i+1) || m.Content[:4] != "good" {
			t.Errorf("stored message %d: got seq %d %q, want seq %d and a good one", i, m.Seq, m.Content, i+1)
		}
	}
	c := w.conversation(t)
	if len(stored) != 10 || c.LastSeq != 10 || c.Status != kefu.StatusOpen {
		t.Errorf("after the batch: got %d messages, last seq %d, status %s; want 10, 10, open", len(stored), c.LastSeq, c.Status)
	}
	events, err := s.ListEvents(ctx, w.org.ID, seq0, 1000)
	must(t, err)
	if len(events) != 10 || events[0].Seq != seq0+1 || events[9].Seq != seq0+10 {
		t.Errorf("events of the batch: got %d from %d, want 10 gap-free from %d", len(events), firstSeq(events), seq0+1)
	}
}

func firstSeq(events []kefu.Event) int64 {
	if len(events) == 0 {
		return 0
	}
	return events[0].Seq
}

func testOverload(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	release := blockWriter(t, w)
	const writers = 5000 // more than the queue holds
	errs := make(chan error, writers)
	for range writers {
		go func() { errs <- s.DeleteSession(context.Background(), []byte("none")) }()
	}
	overloaded, ok := 0, 0
	// The shed writes return while the writer is still blocked.
	for overloaded == 0 {
		err := <-errs
		if kefu.ErrorCode(err) != kefu.CodeOverloaded {
			t.Fatalf("while blocked: got %v, want only overloaded errors", err)
		}
		overloaded++
	}
	release()
	for range writers - 1 {
		switch err := <-errs; kefu.ErrorCode(err) {
		case kefu.CodeOverloaded:
			overloaded++
		default:
			if err != nil {
				t.Errorf("accepted write: got %v, want success", err)
			}
			ok++
		}
	}
	if ok == 0 || overloaded == 0 || ok+overloaded != writers {
		t.Errorf("got %d accepted and %d shed of %d", ok, overloaded, writers)
	}
}

func testCancelWhileQueued(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	release := blockWriter(t, w)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := s.AppendMessage(ctx, w.msg(kefu.SenderContact, kefu.KindText, "never"), nil)
		done <- err
	}()
	waitQueued(t, s, 1)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while queued: got %v, want context.Canceled", err)
	}
	release()
	w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "after"))
	msgs, err := s.ListMessages(context.Background(), w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	if len(msgs) != 1 || msgs[0].Content != "after" || msgs[0].Seq != 1 {
		t.Errorf("messages: got %+v, want only the later one with seq 1", msgs)
	}
}

func testClose(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	rec := &sinkRecorder{}
	s.SetPublisher(rec)
	release := blockWriter(t, w)
	const n = 10
	results := appendConcurrently(s, func() []*kefu.Message {
		var msgs []*kefu.Message
		for i := range n {
			msgs = append(msgs, w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint(i)))
		}
		return msgs
	}(), nil)
	waitQueued(t, s, n)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	// Close refuses new writes at once, while the queued ones still wait.
	checkFor(t, 10*time.Second, func() error {
		// A probe that slips in before Close is queued behind the blocker: give up on it quickly.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		if err := s.DeleteSession(ctx, []byte("x")); kefu.ErrorCode(err) != kefu.CodeUnavailable {
			return fmt.Errorf("write during close: got %v, want unavailable", err)
		}
		return nil
	})
	release()
	must(t, <-closed)
	for range n {
		must(t, (<-results).err)
	}
	created := slices.DeleteFunc(rec.snapshot(), func(ev kefu.Event) bool { return ev.Type != kefu.EventMessageCreated })
	if len(created) != n {
		t.Errorf("message.created events published before Close returned: got %d, want %d", len(created), n)
	}
	_, _, err := s.AppendMessage(context.Background(), w.msg(kefu.SenderContact, kefu.KindText, "late"), nil)
	wantCode(t, "AppendMessage after Close", err, kefu.CodeUnavailable)
}
