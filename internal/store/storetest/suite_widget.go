package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testWidgetSettings checks that an inbox's widget settings round-trip whole.
func testWidgetSettings(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	got, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	must(t, err)
	if got.Widget.PreChat.Fields == nil {
		t.Errorf("new inbox widget = %+v, want a non-nil field list", got.Widget)
	}
	got.Widget = kefu.WidgetSettings{
		Color: "#112233", AwayMessage: "我们稍后回复", Locale: "zh-CN",
		PreChat: kefu.PreChatForm{Enabled: true, Fields: []kefu.PreChatField{
			{Name: "name", Required: true},
			{Name: "inquiry_type", Options: []string{"售前", "售后"}},
		}},
	}
	must(t, s.UpdateInbox(ctx, got))
	again, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	must(t, err)
	if again.Widget.Color != "#112233" || again.Widget.AwayMessage != "我们稍后回复" || !again.Widget.PreChat.Enabled ||
		len(again.Widget.PreChat.Fields) != 2 || again.Widget.PreChat.Fields[1].Options[1] != "售后" {
		t.Errorf("widget after update = %+v, want what was saved", again.Widget)
	}
}

// testRating checks that a rating is saved, emitted and read back.
func testRating(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	if w.conversation(t).Rating != nil {
		t.Fatal("a new conversation has a rating")
	}
	at := time.Now().UTC().Truncate(time.Microsecond)
	before, _ := s.LatestEventSeq(ctx, w.org.ID)
	_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ *store.Tx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Rating = &kefu.Rating{Score: 4, Comment: "很好", RatedAt: at}
		return nil, nil
	})
	must(t, err)
	got := w.conversation(t)
	if got.Rating == nil || got.Rating.Score != 4 || got.Rating.Comment != "很好" || !got.Rating.RatedAt.Equal(at) {
		t.Errorf("rating = %+v, want score 4, the comment and the time", got.Rating)
	}
	events, _ := s.ListEvents(ctx, w.org.ID, before, 10)
	if len(events) != 1 || events[0].Type != kefu.EventConversationUpdated || events[0].Conversation.Rating == nil {
		t.Errorf("events after rating = %+v, want one conversation.updated carrying the rating", events)
	}
}

// testWaitingBefore checks the queue filter: conversations whose customer waited longer.
func testWaitingBefore(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	var waiting []*kefu.Conversation
	for range 3 {
		c := w.newConversation(t)
		_, _, err := s.AppendMessage(ctx, &kefu.Message{OrgID: w.org.ID, ConversationID: c.ID, SenderType: kefu.SenderContact, Kind: kefu.KindText, Content: "hi"}, nil)
		must(t, err)
		c, err = s.GetConversation(ctx, w.org.ID, c.ID)
		must(t, err)
		waiting = append(waiting, c)
	}
	for i, c := range waiting {
		n, err := s.CountConversations(ctx, w.org.ID, store.ConversationFilter{
			InboxID: w.inbox.ID, Unassigned: true, WaitingBefore: c.WaitingSince,
		})
		must(t, err)
		if n != i {
			t.Errorf("conversations waiting before #%d: got %d, want %d", i+1, n, i)
		}
	}
}

// testDueSnoozed checks that only snoozes that have ended are due.
func testDueSnoozed(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	now := time.Now().UTC()
	snooze := func(c *kefu.Conversation, until time.Time) {
		_, err := s.UpdateConversation(ctx, w.org.ID, c.ID, func(_ *store.Tx, c *kefu.Conversation) (*kefu.Message, error) {
			c.Status, c.SnoozedUntil = kefu.StatusSnoozed, &until
			return nil, nil
		})
		must(t, err)
	}
	due, later := w.newConversation(t), w.newConversation(t)
	snooze(due, now.Add(-time.Minute))
	snooze(later, now.Add(time.Hour))
	got, err := s.ListDueSnoozed(ctx, now, 10)
	must(t, err)
	if len(got) != 1 || got[0].ID != due.ID {
		t.Errorf("due snoozed = %d conversations, want only the one whose snooze ended", len(got))
	}
}
