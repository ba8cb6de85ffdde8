package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testBatchSharedConversations queues one batch whose appends target two conversations of one
// organisation and one of another, several times each, between ops that change what the writer
// read for the batch up front: an update of a conversation, an agent's rename (an op that
// declares no conversation), an append that fails after inserting its message, and an agent
// appending to another organisation's conversation. Every append must see the conversation and
// agent name as the ops before it left them: gap-free seqs, the updated priority, the reopened
// status, the new name.
func testBatchSharedConversations(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	rec := &sinkRecorder{}
	s.SetPublisher(rec)
	w, other := newWorld(t, s), newWorld(t, s)
	a, b, c := w.conv, w.newConversation(t), other.conv
	ann := w.newAgent(t, "Ann")
	release := blockWriter(t, w)
	seq0, seqOther0 := latestEventSeq(t, s, w.org.ID), latestEventSeq(t, s, other.org.ID)
	b0, _ := s.WriterStats()

	q := &inOrder{t: t, s: s}
	contact := func(conv *kefu.Conversation, content string) <-chan appendResult {
		return q.append(&kefu.Message{OrgID: conv.OrgID, ConversationID: conv.ID, SenderType: kefu.SenderContact, Content: content})
	}
	agent := func(conv *kefu.Conversation, content string) <-chan appendResult {
		return q.append(&kefu.Message{OrgID: conv.OrgID, ConversationID: conv.ID, SenderType: kefu.SenderAgent, SenderID: ann.ID, Content: content})
	}
	good := []<-chan appendResult{contact(a, "a1"), agent(b, "b1"), contact(c, "c1"), contact(a, "a2")}
	resolved := q.update(w.org.ID, a.ID, func(_ kefu.ConversationTx, conv *kefu.Conversation) (*kefu.Message, error) {
		conv.Status, conv.Priority = kefu.StatusResolved, kefu.PriorityHigh
		return nil, nil
	})
	good = append(good, contact(a, "a3")) // reopens a
	renamed := make(chan error, 1)
	q.add(func() {
		bea := *ann
		bea.Name = "Bea"
		renamed <- s.UpdateAgent(context.Background(), &bea)
	})
	good = append(good, agent(b, "b2"))
	refused := q.append(&kefu.Message{OrgID: w.org.ID, ConversationID: a.ID, SenderType: kefu.SenderContact, Content: "refused"}, "missing")
	foreignAgent := agent(&kefu.Conversation{OrgID: other.org.ID, ID: c.ID}, "not ann's organisation")
	good = append(good, contact(a, "a4"), contact(c, "c2"))
	release()

	must(t, <-resolved)
	must(t, <-renamed)
	wantCode(t, "append with a missing attachment", (<-refused).err, kefu.CodeInvalid)
	wantCode(t, "agent of another organisation", (<-foreignAgent).err, kefu.CodeNotFound)
	for i, r := range good {
		if r := <-r; r.err != nil || r.dup {
			t.Errorf("good append %d: got dup=%v err %v, want a new message", i, r.dup, r.err)
		}
	}
	if b1, _ := s.WriterStats(); b1-b0 != 2 {
		t.Errorf("batches: got %d, want 2 (the blocker's and ours)", b1-b0)
	}
	checkConversationMessages(t, s, a, []string{"a1", "a2", "a3", "a4"}, nil)
	checkConversationMessages(t, s, b, []string{"b1", "b2"}, []string{"Ann", "Bea"})
	checkConversationMessages(t, s, c, []string{"c1", "c2"}, nil)
	if got, err := s.GetConversation(context.Background(), w.org.ID, a.ID); err != nil || got.Status != kefu.StatusOpen || got.WaitingSince == nil {
		t.Errorf("conversation a: got %+v, err %v; want open (reopened by a3) and waiting", got, err)
	}
	checkEventTypes(t, s, rec, w.org.ID, seq0, "m m m u m m m")
	for _, ev := range listEvents(t, s, w.org.ID, seq0) {
		if m := ev.Message; m != nil && (m.Content == "a3" || m.Content == "a4") &&
			(ev.Conversation.Status != kefu.StatusOpen || ev.Conversation.Priority != kefu.PriorityHigh) {
			t.Errorf("event of %s: got conversation %s, priority %s; want open (reopened), high (as updated)", m.Content,
				ev.Conversation.Status, ev.Conversation.Priority)
		}
	}
	checkEventTypes(t, s, rec, other.org.ID, seqOther0, "m m")
}

// checkConversationMessages checks that the conversation holds exactly these contents with seqs
// 1, 2, ..., its last seq matches, and, when names is not nil, the sender names.
func checkConversationMessages(t *testing.T, s *store.Store, conv *kefu.Conversation, contents, names []string) {
	t.Helper()
	ctx := context.Background()
	stored, err := s.ListMessages(ctx, conv.OrgID, conv.ID, kefu.MessageQuery{Limit: 200})
	must(t, err)
	var got []string
	for i, m := range stored {
		got = append(got, m.Content)
		if m.Seq != int64(i+1) {
			t.Errorf("conversation %s message %q: got seq %d, want %d", conv.ID, m.Content, m.Seq, i+1)
		}
		if names != nil && i < len(names) && m.SenderName != names[i] {
			t.Errorf("conversation %s message %q: got sender name %q, want %q", conv.ID, m.Content, m.SenderName, names[i])
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(contents) {
		t.Errorf("conversation %s: got messages %q, want %q", conv.ID, got, contents)
	}
	c, err := s.GetConversation(ctx, conv.OrgID, conv.ID)
	must(t, err)
	if c.LastSeq != int64(len(contents)) {
		t.Errorf("conversation %s: got last seq %d, want %d", conv.ID, c.LastSeq, len(contents))
	}
}

// checkEventTypes checks the organisation's events after seq0, stored and published: gap-free,
// of the types listed (m message.created, u conversation.updated), each message event carrying
// its conversation's state after that message.
func checkEventTypes(t *testing.T, s *store.Store, rec *sinkRecorder, orgID string, seq0 int64, types string) {
	t.Helper()
	short := map[kefu.EventType]string{kefu.EventMessageCreated: "m", kefu.EventConversationUpdated: "u"}
	stored := listEvents(t, s, orgID, seq0)
	published := publishedAfter(t, rec, orgID, seq0, len(stored))
	for name, evs := range map[string][]kefu.Event{"stored": stored, "published": published} {
		var got []string
		for i, ev := range evs {
			got = append(got, short[ev.Type])
			if ev.Seq != seq0+int64(i+1) {
				t.Errorf("%s event %d: got seq %d, want %d", name, i, ev.Seq, seq0+int64(i+1))
			}
			if ev.Message != nil && (ev.Conversation == nil || ev.Conversation.LastSeq != ev.Message.Seq) {
				t.Errorf("%s event %d: message seq %d with conversation %+v, want the conversation at that seq", name, i, ev.Message.Seq, ev.Conversation)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(splitTypes(types)) {
			t.Errorf("%s events of %s: got %v, want %s", name, orgID, got, types)
		}
	}
}

func splitTypes(s string) []string {
	var out []string
	for _, f := range s {
		if f != ' ' {
			out = append(out, string(f))
		}
	}
	return out
}
