package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// On PostgreSQL a batch's plain appends (no attachments) keep their rows in memory and write them
// in one statement; these tests queue batches that make that hard, and run on SQLite too, where
// every append writes at once. A batch of good ops must commit on its first try: WriterRetries
// shows when a batch needed the savepoint path, which would hide a wrong duplicate check behind
// a correct result.

// testDeferredDuplicates queues one batch that repeats client ids stored before it (one of them
// on a message with an attachment) and client ids used earlier in the same batch, between new
// messages, in two conversations sharing an id. Each repeat returns the message that has the id,
// nothing is stored twice, and the batch needs no retry.
func testDeferredDuplicates(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	w := newWorld(t, s)
	b := w.newConversation(t)
	withID := func(conv *kefu.Conversation, kind kefu.MessageKind, content, clientID string) *kefu.Message {
		return &kefu.Message{OrgID: w.org.ID, ConversationID: conv.ID, SenderType: kefu.SenderContact, Kind: kind,
			Content: content, ClientMsgID: clientID}
	}
	stored := w.append(t, withID(w.conv, kefu.KindText, "stored", "s"))
	att := &kefu.Attachment{OrgID: w.org.ID, ConversationID: w.conv.ID, UploaderType: kefu.SenderContact, StorageKey: next("k"), FileName: "f.png"}
	must(t, s.CreateAttachment(context.Background(), att))
	image, _, err := s.AppendMessage(context.Background(), withID(w.conv, kefu.KindImage, "image", "i"), []string{att.ID})
	must(t, err)
	release := blockWriter(t, w)
	b0, r0 := writerCounts(s)

	q := &inOrder{t: t, s: s}
	first := q.append(withID(w.conv, kefu.KindText, "n1", "n"))
	storedAgain := q.append(withID(w.conv, kefu.KindText, "retry of stored", "s"))
	plain := q.append(withID(w.conv, kefu.KindText, "no client id", ""))
	firstAgain := q.append(withID(w.conv, kefu.KindText, "retry of n1", "n"))
	imageAgain := q.append(withID(w.conv, kefu.KindImage, "retry of image", "i"))
	otherConv := q.append(withID(b, kefu.KindText, "n in b", "n"))
	otherAgain := q.append(withID(b, kefu.KindText, "retry of n in b", "n"))
	last := q.append(withID(w.conv, kefu.KindText, "n2", "n2"))
	release()

	n1, nb := wantNew(t, "n1", <-first), wantNew(t, "n in b", <-otherConv)
	wantNew(t, "no client id", <-plain)
	wantNew(t, "n2", <-last)
	wantDuplicateOf(t, "retry of a stored message", <-storedAgain, stored)
	wantDuplicateOf(t, "retry within the batch", <-firstAgain, n1)
	wantDuplicateOf(t, "retry within the batch, other conversation", <-otherAgain, nb)
	if r := wantDuplicateOf(t, "retry of a message with an attachment", <-imageAgain, image); r != nil &&
		(len(r.Attachments) != 1 || r.Attachments[0].ID != att.ID) {
		t.Errorf("retry of a message with an attachment: got attachments %+v, want %s", r.Attachments, att.ID)
	}
	checkWriterCounts(t, s, b0, r0, 2, 0)
	checkConversationMessages(t, s, w.conv, []string{"stored", "image", "n1", "no client id", "n2"}, nil)
	checkConversationMessages(t, s, b, []string{"n in b"}, nil)
}

// testDeferredRowsBeforeDirectOps queues one batch of plain appends with ops between them that
// read or write rows directly: appends with an attachment (the claim needs the message row), one
// the last write of its conversation, one with plain appends after it, and an update whose
// mutation counts an agent's open conversations, one of which an append earlier in the batch
// reopened. Each must see what the appends before it left, and leave its own writes in place.
func testDeferredRowsBeforeDirectOps(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	rec := &sinkRecorder{}
	s.SetPublisher(rec)
	w := newWorld(t, s)
	a, b, c := w.conv, w.newConversation(t), w.newConversation(t)
	ann := w.newAgent(t, "Ann")
	_, err := s.UpdateConversation(context.Background(), w.org.ID, c.ID, func(_ kefu.ConversationTx, conv *kefu.Conversation) (*kefu.Message, error) {
		conv.Status, conv.AssigneeID = kefu.StatusResolved, ann.ID
		return nil, nil
	})
	must(t, err)
	upload := func(conv *kefu.Conversation) string {
		att := &kefu.Attachment{OrgID: w.org.ID, ConversationID: conv.ID, UploaderType: kefu.SenderContact, StorageKey: next("k"), FileName: "f.png"}
		must(t, s.CreateAttachment(context.Background(), att))
		return att.ID
	}
	attA, attB := upload(a), upload(b)
	release := blockWriter(t, w)
	seq0 := latestEventSeq(t, s, w.org.ID)
	b0, r0 := writerCounts(s)

	q := &inOrder{t: t, s: s}
	contact := func(conv *kefu.Conversation, kind kefu.MessageKind, content string, attachmentIDs ...string) <-chan appendResult {
		return q.append(&kefu.Message{OrgID: w.org.ID, ConversationID: conv.ID, SenderType: kefu.SenderContact, Kind: kind,
			Content: content}, attachmentIDs...)
	}
	results := []<-chan appendResult{contact(a, kefu.KindText, "a1"), contact(b, kefu.KindText, "b1"), contact(a, kefu.KindText, "a2"),
		contact(a, kefu.KindImage, "a3", attA), contact(b, kefu.KindImage, "b2", attB), contact(b, kefu.KindText, "b3"),
		contact(c, kefu.KindText, "c1")} // reopens c, assigned to Ann
	var load int
	counted := q.update(w.org.ID, b.ID, func(tx kefu.ConversationTx, _ *kefu.Conversation) (*kefu.Message, error) {
		var err error
		load, err = tx.AgentOpenLoad(ann.ID)
		return nil, err
	})
	results = append(results, contact(b, kefu.KindText, "b4"))
	release()

	must(t, <-counted)
	for i, r := range results {
		wantNew(t, fmt.Sprint("append ", i), <-r)
	}
	if load != 1 {
		t.Errorf("Ann's open conversations, counted after an append reopened one: got %d, want 1", load)
	}
	checkWriterCounts(t, s, b0, r0, 2, 0)
	checkConversationMessages(t, s, a, []string{"a1", "a2", "a3"}, nil)
	checkConversationMessages(t, s, b, []string{"b1", "b2", "b3", "b4"}, nil)
	checkConversationMessages(t, s, c, []string{"c1"}, nil)
	claims := []struct {
		attID string
		conv  *kefu.Conversation
		seq   int64
	}{{attA, a, 3}, {attB, b, 2}}
	for _, want := range claims {
		got, err := s.GetAttachment(context.Background(), w.org.ID, want.attID)
		must(t, err)
		if m, err := s.GetMessage(context.Background(), w.org.ID, got.MessageID); err != nil || m.ConversationID != want.conv.ID ||
			m.Seq != want.seq {
			t.Errorf("attachment %s: claimed by %+v (err %v), want message %d of %s", want.attID, m, err, want.seq, want.conv.ID)
		}
	}
	checkEventTypes(t, s, rec, w.org.ID, seq0, "m m m m m m m m")
}

// testDeferredRowsFailure queues one batch of plain appends, one of which reuses a message id:
// on PostgreSQL its row fails only when the batch writes its deferred rows, just before commit.
// The batch must then run again with a savepoint per op, once: the reused id gets a conflict,
// every other append commits exactly once with gap-free seqs, and a client id repeated in the
// batch still returns the first message.
func testDeferredRowsFailure(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	rec := &sinkRecorder{}
	s.SetPublisher(rec)
	w := newWorld(t, s)
	taken := w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "taken"))
	release := blockWriter(t, w)
	seq0 := latestEventSeq(t, s, w.org.ID)
	b0, r0 := writerCounts(s)

	q := &inOrder{t: t, s: s}
	var good []<-chan appendResult
	q.appendGood(w, &good, 5)
	reusedID := q.appendReusedID(w, taken)
	q.appendGood(w, &good, 5)
	again := w.msg(kefu.SenderContact, kefu.KindText, "retry of good-0")
	again.ClientMsgID = "good-0"
	retried := q.append(again)
	q.appendGood(w, &good, 5)
	release()

	wantCode(t, "append with a reused message id", (<-reusedID).err, kefu.CodeConflict)
	ids := map[string]string{}
	for i, c := range good {
		r := wantNew(t, fmt.Sprint("good-", i), <-c)
		ids[r.ClientMsgID] = r.ID
	}
	if r := <-retried; r.err != nil || !r.dup || r.m.ID != ids["good-0"] {
		t.Errorf("retry of good-0: got dup=%v err %v, want the first message %s", r.dup, r.err, ids["good-0"])
	}
	checkWriterCounts(t, s, b0, r0, 2, 1)
	checkStoredOnce(t, s, w, ids)
	checkEventsOnce(t, s, w.org.ID, seq0, ids, rec)
}

// writerCounts returns the committed batches and the retried ones so far.
func writerCounts(s *store.Store) (batches, retries int64) {
	batches, _ = s.WriterStats()
	return batches, s.WriterRetries()
}

// checkWriterCounts checks how many batches committed and how many ran again since b0, r0.
func checkWriterCounts(t *testing.T, s *store.Store, b0, r0, batches, retries int64) {
	t.Helper()
	if b1, r1 := writerCounts(s); b1-b0 != batches || r1-r0 != retries {
		t.Errorf("writer: got %d batches, %d retried; want %d (the blocker's and ours), %d retried", b1-b0, r1-r0, batches, retries)
	}
}

// wantNew checks that an append stored a new message and returns it.
func wantNew(t *testing.T, what string, r appendResult) *kefu.Message {
	t.Helper()
	if r.err != nil || r.dup {
		t.Errorf("%s: got dup=%v err %v, want a new message", what, r.dup, r.err)
		return &kefu.Message{}
	}
	return r.m
}

// wantDuplicateOf checks that an append returned orig as a duplicate, and returns what it got.
func wantDuplicateOf(t *testing.T, what string, r appendResult, orig *kefu.Message) *kefu.Message {
	t.Helper()
	if r.err != nil || !r.dup || r.m.ID != orig.ID || r.m.Seq != orig.Seq || r.m.Content != orig.Content {
		t.Errorf("%s: got %+v dup=%v err %v, want the original %s (seq %d, %q)", what, r.m, r.dup, r.err, orig.ID, orig.Seq, orig.Content)
		return nil
	}
	return r.m
}
