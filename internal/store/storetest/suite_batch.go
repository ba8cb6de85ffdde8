package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// inOrder queues writes one at a time, each once the one before is waiting in the queue, so the
// writer's next batch runs them in exactly this order. The writer must be blocked meanwhile.
type inOrder struct {
	t      *testing.T
	s      *store.Store
	queued int
}

func (q *inOrder) add(write func()) {
	q.t.Helper()
	go write()
	q.queued++
	waitQueued(q.t, q.s, q.queued)
}

// append queues an append and returns where its result arrives.
func (q *inOrder) append(m *kefu.Message, attachmentIDs ...string) <-chan appendResult {
	q.t.Helper()
	out := make(chan appendResult, 1)
	q.add(func() {
		got, dup, err := q.s.AppendMessage(context.Background(), m, attachmentIDs)
		out <- appendResult{got, dup, err}
	})
	return out
}

// appendGood queues n contact messages "good" to w's conversation, with client ids good-0,
// good-1, … numbered across calls, and adds where their results arrive to good.
func (q *inOrder) appendGood(w *world, good *[]<-chan appendResult, n int) {
	q.t.Helper()
	for range n {
		m := w.msg(kefu.SenderContact, kefu.KindText, "good")
		m.ClientMsgID = fmt.Sprint("good-", len(*good))
		*good = append(*good, q.append(m))
	}
}

// appendReusedID queues a contact message to w's conversation with taken's id, which the
// database refuses, and returns where its result arrives.
func (q *inOrder) appendReusedID(w *world, taken *kefu.Message) <-chan appendResult {
	q.t.Helper()
	m := w.msg(kefu.SenderContact, kefu.KindText, "reused id")
	m.ID = taken.ID
	return q.append(m)
}

// update queues a conversation update and returns where its error arrives.
func (q *inOrder) update(orgID, convID string, mutate kefu.ConversationChange) <-chan error {
	q.t.Helper()
	out := make(chan error, 1)
	q.add(func() {
		_, err := q.s.UpdateConversation(context.Background(), orgID, convID, mutate)
		out <- err
	})
	return out
}

// testFailuresMidBatch queues one batch of good appends with failing ops between them: a reused
// message id (a failed statement, which aborts the whole transaction on PostgreSQL), a panicking
// mutation, an update of a second organisation that emits an event before it fails, and a
// refused attachment. The writer runs a batch without savepoints first and, after the first
// failure, again with one per op: every good op must commit exactly once, with its own id and
// gap-free message and event seqs, and every failing op get its own error and leave no trace.
func testFailuresMidBatch(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	rec := &sinkRecorder{}
	s.SetPublisher(rec)
	w, other := newWorld(t, s), newWorld(t, s)
	taken := w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "taken"))
	release := blockWriter(t, w)
	seq0, seqOther0 := latestEventSeq(t, s, w.org.ID), latestEventSeq(t, s, other.org.ID)
	b0, o0 := s.WriterStats()

	q := &inOrder{t: t, s: s}
	var good []<-chan appendResult
	q.appendGood(w, &good, 10)
	reusedID := q.appendReusedID(w, taken)
	q.appendGood(w, &good, 10)
	panicked := q.update(w.org.ID, w.conv.ID, func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) {
		panic("mutation bug")
	})
	q.appendGood(w, &good, 10)
	emittedThenFailed := q.update(other.org.ID, other.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Priority = kefu.PriorityHigh // emits conversation.updated, then the activity message fails
		return &kefu.Message{ID: taken.ID, SenderType: kefu.SenderSystem, Kind: kefu.KindEvent, Content: "x"}, nil
	})
	otherGood := q.append(other.msg(kefu.SenderContact, kefu.KindText, "other good"))
	refused := q.append(w.msg(kefu.SenderContact, kefu.KindText, "refused"), "missing")
	q.appendGood(w, &good, 40) // 70 events in all: more than one multi-row insert holds
	release()

	wantCode(t, "append with a reused message id", (<-reusedID).err, kefu.CodeConflict)
	wantCode(t, "panicking mutation", <-panicked, kefu.CodeInternal)
	wantCode(t, "update whose activity message fails", <-emittedThenFailed, kefu.CodeConflict)
	wantCode(t, "append with a missing attachment", (<-refused).err, kefu.CodeInvalid)
	if r := <-otherGood; r.err != nil || r.dup {
		t.Errorf("other organisation's append: got dup=%v err %v, want a new message", r.dup, r.err)
	}
	ids := map[string]string{} // client id → message id, as the callers were told
	for _, c := range good {
		r := <-c
		must(t, r.err)
		if r.dup {
			t.Errorf("append %s: got duplicate, want new", r.m.ClientMsgID)
		}
		ids[r.m.ClientMsgID] = r.m.ID
	}
	if b1, o1 := s.WriterStats(); b1-b0 != 2 || o1-o0 != int64(q.queued)+1 {
		t.Errorf("writer stats: got %d batches, %d ops; want 2 batches (the blocker's and ours), %d ops", b1-b0, o1-o0, q.queued+1)
	}
	checkStoredOnce(t, s, w, ids)
	checkEventsOnce(t, s, w.org.ID, seq0, ids, rec)
	if evs := listEvents(t, s, other.org.ID, seqOther0); len(evs) != 1 || evs[0].Seq != seqOther0+1 ||
		evs[0].Type != kefu.EventMessageCreated {
		t.Errorf("other organisation's events: got %v, want only message.created with seq %d", describe(evs), seqOther0+1)
	}
	if c := other.conversation(t); c.Priority != kefu.PriorityNone || c.LastSeq != 1 {
		t.Errorf("other conversation: got priority %s, last seq %d; want none, 1", c.Priority, c.LastSeq)
	}
}

// checkStoredOnce checks that the conversation holds the message before the batch and then each
// good append once, in seq order, with the id its caller was given.
func checkStoredOnce(t *testing.T, s *store.Store, w *world, ids map[string]string) {
	t.Helper()
	stored, err := s.ListMessages(context.Background(), w.org.ID, w.conv.ID, kefu.MessageQuery{Limit: 200})
	must(t, err)
	if len(stored) != len(ids)+1 {
		t.Fatalf("stored messages: got %d, want %d", len(stored), len(ids)+1)
	}
	for i, m := range stored {
		if m.Seq != int64(i+1) {
			t.Errorf("stored message %d: got seq %d, want %d", i, m.Seq, i+1)
		}
		if i > 0 && (m.Content != "good" || ids[m.ClientMsgID] != m.ID) {
			t.Errorf("stored message %d: got %q %s with id %s, want a good one with id %s", i, m.Content, m.ClientMsgID, m.ID, ids[m.ClientMsgID])
		}
	}
	if c := w.conversation(t); c.LastSeq != int64(len(stored)) {
		t.Errorf("conversation last seq: got %d, want %d", c.LastSeq, len(stored))
	}
}

// checkEventsOnce checks that the organisation's events after seq0 are exactly one
// message.created per good append, gap-free, stored and published alike.
func checkEventsOnce(t *testing.T, s *store.Store, orgID string, seq0 int64, ids map[string]string, rec *sinkRecorder) {
	t.Helper()
	stored := listEvents(t, s, orgID, seq0)
	published := publishedAfter(t, rec, orgID, seq0, len(stored))
	for name, evs := range map[string][]kefu.Event{"stored": stored, "published": published} {
		if len(evs) != len(ids) {
			t.Errorf("%s events: got %v, want %d message.created", name, describe(evs), len(ids))
			continue
		}
		for i, ev := range evs {
			if ev.Seq != seq0+int64(i+1) || ev.Type != kefu.EventMessageCreated || ids[ev.Message.ClientMsgID] != ev.Message.ID {
				t.Errorf("%s event %d: got %s seq %d, want message.created seq %d of a good append", name, i, ev.Type, ev.Seq, seq0+int64(i+1))
			}
		}
	}
}

func latestEventSeq(t *testing.T, s *store.Store, orgID string) int64 {
	t.Helper()
	seq, err := s.LatestEventSeq(context.Background(), orgID)
	must(t, err)
	return seq
}

func listEvents(t *testing.T, s *store.Store, orgID string, afterSeq int64) []kefu.Event {
	t.Helper()
	evs, err := s.ListEvents(context.Background(), orgID, afterSeq, 1000)
	must(t, err)
	return evs
}

// describe lists events as type and seq, for failure messages.
func describe(evs []kefu.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = fmt.Sprintf("%s#%d", ev.Type, ev.Seq)
	}
	return out
}
