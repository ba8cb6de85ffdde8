package storetest

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testStartConversationAfter checks that lead messages (a proactive message the visitor
// answered) come before the visitor's first message in the new conversation, and that a
// retried start writes none of them again.
func testStartConversationAfter(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	start := func() (*kefu.Conversation, *kefu.Message, bool) {
		t.Helper()
		lead := []*kefu.Message{{SenderType: kefu.SenderBot, SenderName: "Acme", Kind: kefu.KindText, Content: "Questions about pricing?"}}
		first := &kefu.Message{SenderType: kefu.SenderContact, SenderID: w.contact.ID, Kind: kefu.KindText, Content: "yes", ClientMsgID: "p1"}
		c, m, dup, err := s.StartConversationAfter(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID}, lead, first)
		must(t, err)
		return c, m, dup
	}
	c, m, dup := start()
	if dup || m.Seq != 2 || c.LastSeq != 2 || c.WaitingSince == nil {
		t.Fatalf("start: got message seq %d, last seq %d, waiting %v, dup %v; want the visitor's message 2 after the lead, waiting", m.Seq, c.LastSeq, c.WaitingSince, dup)
	}
	again, m2, dup := start()
	if !dup || again.ID != c.ID || m2.ID != m.ID || again.LastSeq != 2 {
		t.Fatalf("retried start: got %s/%s dup %v last seq %d, want %s/%s, true, 2", again.ID, m2.ID, dup, again.LastSeq, c.ID, m.ID)
	}
	msgs, err := s.ListMessages(ctx, w.org.ID, c.ID, kefu.MessageQuery{Forward: true, Limit: 10})
	must(t, err)
	if len(msgs) != 2 || msgs[0].SenderType != kefu.SenderBot || msgs[0].Content != "Questions about pricing?" || msgs[0].SenderName != "Acme" {
		t.Fatalf("messages = %+v, want the bot's lead then the visitor's", msgs)
	}
}
