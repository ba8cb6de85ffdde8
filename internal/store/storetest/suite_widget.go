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
		Translations: map[string]kefu.WidgetTexts{"en": {Greeting: "Hi!", AwayMessage: "Back soon"}},
	}
	must(t, s.UpdateInbox(ctx, got))
	again, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	must(t, err)
	if again.Widget.Color != "#112233" || again.Widget.AwayMessage != "我们稍后回复" || !again.Widget.PreChat.Enabled ||
		len(again.Widget.PreChat.Fields) != 2 || again.Widget.PreChat.Fields[1].Options[1] != "售后" {
		t.Errorf("widget after update = %+v, want what was saved", again.Widget)
	}
	if tr := again.Widget.Translations["en"]; tr.Greeting != "Hi!" || tr.AwayMessage != "Back soon" {
		t.Errorf("widget translations after update = %+v, want what was saved", again.Widget.Translations)
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
	_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
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
		n, err := s.CountConversations(ctx, w.org.ID, kefu.ConversationFilter{
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
		_, err := s.UpdateConversation(ctx, w.org.ID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
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

// testCannedReplies checks shared and personal replies: who sees which, unique shortcuts,
// search, update and delete.
func testCannedReplies(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	other := w.newAgent(t, "Other")
	shared := &kefu.CannedReply{OrgID: w.org.ID, Shortcut: "hello", Content: "您好，有什么可以帮您？"}
	mine := &kefu.CannedReply{OrgID: w.org.ID, OwnerID: w.owner.ID, Shortcut: "refund", Content: "Refunds take 3 days (100%_sure)"}
	theirs := &kefu.CannedReply{OrgID: w.org.ID, OwnerID: other.ID, Shortcut: "refund", Content: "theirs"}
	for _, c := range []*kefu.CannedReply{shared, mine, theirs} {
		must(t, s.CreateCannedReply(ctx, c))
	}
	wantCode(t, "duplicate shared shortcut", s.CreateCannedReply(ctx, &kefu.CannedReply{OrgID: w.org.ID, Shortcut: "hello", Content: "x"}), kefu.CodeConflict)
	list, err := s.ListCannedReplies(ctx, w.org.ID, w.owner.ID, "")
	must(t, err)
	if len(list) != 2 || list[0].Shortcut != "hello" || list[1].ID != mine.ID {
		t.Errorf("owner's list = %+v, want the shared reply and their own", list)
	}
	found, err := s.ListCannedReplies(ctx, w.org.ID, w.owner.ID, "100%_")
	must(t, err)
	if len(found) != 1 || found[0].ID != mine.ID {
		t.Errorf("search with LIKE metacharacters found %d replies, want exactly the one containing them", len(found))
	}
	mine.Content = "updated"
	must(t, s.UpdateCannedReply(ctx, mine))
	got, err := s.GetCannedReply(ctx, w.org.ID, mine.ID)
	must(t, err)
	if got.Content != "updated" {
		t.Errorf("content after update = %q", got.Content)
	}
	must(t, s.DeleteCannedReply(ctx, w.org.ID, mine.ID))
	_, err = s.GetCannedReply(ctx, w.org.ID, mine.ID)
	wantCode(t, "get after delete", err, kefu.CodeNotFound)
	wantCode(t, "delete in another org", s.DeleteCannedReply(ctx, newWorld(t, s).org.ID, shared.ID), kefu.CodeNotFound)
}
