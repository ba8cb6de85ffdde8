package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func testAppendMessage(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	in := w.msg(kefu.SenderContact, "", "<b>hello</b> 你好")
	out, dup, err := s.AppendMessage(ctx, in, nil)
	must(t, err)
	if dup || out.ID == "" || out.Seq != 1 || out.CreatedAt.IsZero() || out.Kind != kefu.KindText || out.Attachments == nil {
		t.Errorf("first append: got %+v dup=%v", out, dup)
	}
	if in.ID != out.ID || in.Seq != 1 {
		t.Errorf("input message after append: got id %q seq %d, want %q 1", in.ID, in.Seq, out.ID)
	}
	reply := w.msg(kefu.SenderAgent, kefu.KindText, "hi")
	reply.SenderName = "小王"
	second := w.append(t, reply)
	if second.Seq != 2 {
		t.Errorf("second append: got seq %d, want 2", second.Seq)
	}
	gotReply, err := s.GetMessage(ctx, w.org.ID, second.ID)
	must(t, err)
	if gotReply.SenderName != "小王" {
		t.Errorf("GetMessage(reply).SenderName = %q, want the name given at append", gotReply.SenderName)
	}
	got, err := s.GetMessage(ctx, w.org.ID, out.ID)
	must(t, err)
	if got.Content != "<b>hello</b> 你好" || got.Seq != 1 || !got.CreatedAt.Equal(out.CreatedAt) || got.SenderType != kefu.SenderContact {
		t.Errorf("GetMessage: got %+v, want %+v", got, out)
	}
	conv := w.conversation(t)
	if conv.LastSeq != 2 || !conv.LastActivityAt.Equal(second.CreatedAt) {
		t.Errorf("conversation after appends: got last seq %d activity %v", conv.LastSeq, conv.LastActivityAt)
	}
	latest, _ := s.LatestEventSeq(ctx, w.org.ID)
	events, _ := s.ListEvents(ctx, w.org.ID, latest-1, 10)
	if len(events) != 1 {
		t.Fatalf("last event: got %d events", len(events))
	}
	ev := events[0]
	if ev.Type != kefu.EventMessageCreated || ev.Message == nil || ev.Message.ID != second.ID || ev.Conversation == nil ||
		ev.Conversation.LastSeq != 2 || ev.ContactID != w.contact.ID || ev.InboxID != w.inbox.ID {
		t.Errorf("message.created event: got %+v", ev)
	}
	_, _, err = s.AppendMessage(ctx, &kefu.Message{OrgID: w.org.ID, ConversationID: "missing", SenderType: kefu.SenderAgent}, nil)
	wantCode(t, "append to unknown conversation", err, kefu.CodeNotFound)
}

// An agent's message without a display name gets the agent's current name from the appending
// transaction; a sender the organisation does not have is not found and appends nothing.
func testAppendAgentName(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	agent := w.newAgent(t, "李雷")
	m := w.msg(kefu.SenderAgent, kefu.KindText, "您好")
	m.SenderID = agent.ID
	out := w.append(t, m)
	got, err := s.GetMessage(ctx, w.org.ID, out.ID)
	must(t, err)
	if out.SenderName != "李雷" || got.SenderName != "李雷" {
		t.Errorf("sender name: appended %q, stored %q, want the agent's name 李雷", out.SenderName, got.SenderName)
	}
	other := newWorld(t, s)
	stranger := w.msg(kefu.SenderAgent, kefu.KindText, "not mine")
	stranger.SenderID = other.owner.ID
	_, _, err = s.AppendMessage(ctx, stranger, nil)
	wantCode(t, "append as another organisation's agent", err, kefu.CodeNotFound)
	if conv := w.conversation(t); conv.LastSeq != 1 {
		t.Errorf("after the refused append: last seq %d, want 1", conv.LastSeq)
	}
}

// AppendMessageIf appends only when allowed accepts the conversation it read; a refusal is
// not found and leaves no trace.
func testAppendMessageIf(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	var seen *kefu.Conversation
	refused := w.msg(kefu.SenderContact, kefu.KindText, "not yours")
	_, _, err := s.AppendMessageIf(ctx, refused, nil, func(c *kefu.Conversation) bool { seen = c; return false })
	wantCode(t, "refused append", err, kefu.CodeNotFound)
	if seen == nil || seen.ID != w.conv.ID || seen.ContactID != w.contact.ID {
		t.Fatalf("allowed saw %+v, want the conversation %s", seen, w.conv.ID)
	}
	if conv, err := s.GetConversation(ctx, w.org.ID, w.conv.ID); err != nil || conv.LastSeq != 0 {
		t.Fatalf("after a refused append: %+v %v, want last_seq 0", conv, err)
	}
	ok := w.msg(kefu.SenderContact, kefu.KindText, "yours")
	out, dup, err := s.AppendMessageIf(ctx, ok, nil, func(c *kefu.Conversation) bool { return c.ContactID == w.contact.ID })
	if err != nil || dup || out.Seq != 1 {
		t.Fatalf("allowed append: %+v %v %v, want seq 1", out, dup, err)
	}
}

func testDuplicateClientID(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	first := w.msg(kefu.SenderContact, kefu.KindText, "once")
	first.ClientMsgID = "c-1"
	orig := w.append(t, first)
	seq, _ := s.LatestEventSeq(ctx, w.org.ID)
	retry := w.msg(kefu.SenderContact, kefu.KindText, "changed on retry")
	retry.ClientMsgID = "c-1"
	got, dup, err := s.AppendMessage(ctx, retry, nil)
	must(t, err)
	if !dup || got.ID != orig.ID || got.Seq != orig.Seq || got.Content != "once" {
		t.Errorf("retry: got %+v dup=%v, want the original %+v", got, dup, orig)
	}
	if now, _ := s.LatestEventSeq(ctx, w.org.ID); now != seq {
		t.Errorf("event seq after duplicate: got %d, want %d", now, seq)
	}
	if c := w.conversation(t); c.LastSeq != 1 {
		t.Errorf("conversation last seq after duplicate: got %d, want 1", c.LastSeq)
	}
	// The same client id in another conversation is a different message.
	other := w.newConversation(t)
	m := w.msg(kefu.SenderContact, kefu.KindText, "elsewhere")
	m.ConversationID, m.ClientMsgID = other.ID, "c-1"
	if _, dup, err := s.AppendMessage(ctx, m, nil); err != nil || dup {
		t.Errorf("same client id, other conversation: got dup=%v err=%v, want a new message", dup, err)
	}
}

func testWaitingAndReopen(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	tests := []struct {
		name        string
		status      kefu.Status
		waiting     bool
		sender      kefu.SenderType
		kind        kefu.MessageKind
		wantStatus  kefu.Status
		wantWaiting string // "set", "kept", "none"
	}{
		{"contact starts the wait", kefu.StatusOpen, false, kefu.SenderContact, kefu.KindText, kefu.StatusOpen, "set"},
		{"contact keeps an existing wait", kefu.StatusOpen, true, kefu.SenderContact, kefu.KindText, kefu.StatusOpen, "kept"},
		{"contact reopens resolved", kefu.StatusResolved, false, kefu.SenderContact, kefu.KindText, kefu.StatusOpen, "set"},
		{"contact reopens snoozed", kefu.StatusSnoozed, false, kefu.SenderContact, kefu.KindImage, kefu.StatusOpen, "set"},
		{"contact leaves pending", kefu.StatusPending, false, kefu.SenderContact, kefu.KindText, kefu.StatusPending, "set"},
		{"agent reply ends the wait", kefu.StatusOpen, true, kefu.SenderAgent, kefu.KindText, kefu.StatusOpen, "none"},
		{"bot reply ends the wait", kefu.StatusPending, true, kefu.SenderBot, kefu.KindText, kefu.StatusPending, "none"},
		{"note changes nothing", kefu.StatusOpen, true, kefu.SenderAgent, kefu.KindNote, kefu.StatusOpen, "kept"},
		{"agent reply does not reopen", kefu.StatusResolved, false, kefu.SenderAgent, kefu.KindText, kefu.StatusResolved, "none"},
		{"system line keeps the wait", kefu.StatusOpen, true, kefu.SenderSystem, kefu.KindEvent, kefu.StatusOpen, "kept"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := w.newConversation(t)
			since, err := s.UpdateConversation(ctx, w.org.ID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
				c.Status = tc.status
				if tc.waiting {
					at := c.CreatedAt
					c.WaitingSince = &at
				}
				return nil, nil
			})
			must(t, err)
			m := w.msg(tc.sender, tc.kind, "x")
			m.ConversationID = c.ID
			out := w.append(t, m)
			got, err := s.GetConversation(ctx, w.org.ID, c.ID)
			must(t, err)
			if got.Status != tc.wantStatus {
				t.Errorf("status: got %s, want %s", got.Status, tc.wantStatus)
			}
			switch {
			case tc.wantWaiting == "none" && got.WaitingSince != nil:
				t.Errorf("waiting_since: got %v, want none", got.WaitingSince)
			case tc.wantWaiting == "set" && (got.WaitingSince == nil || !got.WaitingSince.Equal(out.CreatedAt)):
				t.Errorf("waiting_since: got %v, want %v", got.WaitingSince, out.CreatedAt)
			case tc.wantWaiting == "kept" && (got.WaitingSince == nil || !got.WaitingSince.Equal(*since.WaitingSince)):
				t.Errorf("waiting_since: got %v, want %v", got.WaitingSince, since.WaitingSince)
			}
			if tc.wantStatus == kefu.StatusOpen && tc.status == kefu.StatusSnoozed && got.SnoozedUntil != nil {
				t.Errorf("snoozed_until after reopen: got %v, want none", got.SnoozedUntil)
			}
		})
	}
}

func testAttachmentRules(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	other := newWorld(t, s)
	otherConv := w.newConversation(t)
	upload := func(w *world, convID string) string {
		a := &kefu.Attachment{OrgID: w.org.ID, ConversationID: convID, UploaderType: kefu.SenderContact, StorageKey: next("k"), FileName: "f.png"}
		must(t, s.CreateAttachment(ctx, a))
		return a.ID
	}
	claimed := upload(w, w.conv.ID)
	w.appendWith(t, claimed)

	tests := []struct {
		name string
		kind kefu.MessageKind
		ids  func() []string
	}{
		{"another conversation's upload", kefu.KindImage, func() []string { return []string{upload(w, otherConv.ID)} }},
		{"another org's upload", kefu.KindImage, func() []string { return []string{upload(other, other.conv.ID)} }},
		{"already claimed", kefu.KindImage, func() []string { return []string{claimed} }},
		{"unknown id", kefu.KindImage, func() []string { return []string{"nope"} }},
		{"the same id twice", kefu.KindImage, func() []string { id := upload(w, w.conv.ID); return []string{id, id} }},
		// History looks for attachments only on kinds that carry them.
		{"on a text message", kefu.KindText, func() []string { return []string{upload(w, w.conv.ID)} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := w.conversation(t).LastSeq
			_, _, err := s.AppendMessage(ctx, w.msg(kefu.SenderContact, tc.kind, ""), tc.ids())
			wantCode(t, "AppendMessage", err, kefu.CodeInvalid)
			if after := w.conversation(t).LastSeq; after != before {
				t.Errorf("last seq after refused append: got %d, want %d", after, before)
			}
		})
	}

	a, b := upload(w, w.conv.ID), upload(w, w.conv.ID)
	m := w.appendWith(t, a, b)
	if len(m.Attachments) != 2 || m.Attachments[0].MessageID != m.ID {
		t.Fatalf("appended attachments: got %+v", m.Attachments)
	}
	att, err := s.GetAttachment(ctx, w.org.ID, b)
	must(t, err)
	if att.MessageID != m.ID {
		t.Errorf("attachment message id: got %q, want %q", att.MessageID, m.ID)
	}
	list, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	if n := len(list[len(list)-1].Attachments); n != 2 {
		t.Errorf("ListMessages attachments: got %d, want 2", n)
	}
}

func (w *world) appendWith(t *testing.T, attachmentIDs ...string) *kefu.Message {
	t.Helper()
	m, _, err := w.s.AppendMessage(context.Background(), w.msg(kefu.SenderContact, kefu.KindImage, ""), attachmentIDs)
	must(t, err)
	return m
}

func testListMessages(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	for i := 1; i <= 10; i++ {
		kind, sender := kefu.KindText, kefu.SenderAgent
		switch {
		case i%4 == 0:
			kind = kefu.KindNote
		case i%5 == 0:
			kind, sender = kefu.KindEvent, kefu.SenderSystem
		}
		w.append(t, w.msg(sender, kind, fmt.Sprint(i)))
	}
	tests := []struct {
		name string
		q    kefu.MessageQuery
		want []int64
	}{
		{"newest by default", kefu.MessageQuery{Limit: 3}, []int64{8, 9, 10}},
		{"after a seq", kefu.MessageQuery{AfterSeq: 3, Limit: 4}, []int64{4, 5, 6, 7}},
		{"after the end", kefu.MessageQuery{AfterSeq: 10}, nil},
		{"before a seq", kefu.MessageQuery{BeforeSeq: 5, Limit: 2}, []int64{3, 4}},
		{"before near the start", kefu.MessageQuery{BeforeSeq: 3, Limit: 5}, []int64{1, 2}},
		{"after wins over before", kefu.MessageQuery{AfterSeq: 8, BeforeSeq: 2}, []int64{9, 10}},
		{"default limit covers all", kefu.MessageQuery{}, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"without notes and activity", kefu.MessageQuery{ExcludePrivate: true, AfterSeq: 2, Limit: 4}, []int64{3, 6, 7, 9}},
		{"limit clamps", kefu.MessageQuery{Limit: 1000, BeforeSeq: 3}, []int64{1, 2}},
	}
	for _, tc := range tests {
		msgs, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, tc.q)
		must(t, err)
		var got []int64
		for _, m := range msgs {
			got = append(got, m.Seq)
			if m.Attachments == nil {
				t.Errorf("%s: message %d has nil attachments", tc.name, m.Seq)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got seqs %v, want %v", tc.name, got, tc.want)
		}
	}
}

// testAppendAfterChanges: an append starts from the conversation and agent as the last
// committed change left them, whatever the store remembers from earlier appends, including
// when the change and the appends share a group-commit batch.
func testAppendAfterChanges(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "hello"))
	w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "hi"))
	resolve := func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status = kefu.StatusResolved
		return &kefu.Message{SenderType: kefu.SenderSystem, Kind: kefu.KindEvent, Content: "resolved"}, nil
	}
	_, err := s.UpdateConversation(ctx, w.org.ID, w.conv.ID, resolve)
	must(t, err)
	owner := *w.owner
	owner.Name = "Renamed"
	must(t, s.UpdateAgent(ctx, &owner))
	reply := w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "one more thing"))
	if reply.SenderName != "Renamed" || reply.Seq != 4 {
		t.Errorf("agent message after a rename: name %q seq %d, want Renamed, 4", reply.SenderName, reply.Seq)
	}
	if c := w.conversation(t); c.Status != kefu.StatusResolved {
		t.Errorf("an agent reply reopened a resolved conversation: %s", c.Status)
	}
	w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "back again"))
	if c := w.conversation(t); c.Status != kefu.StatusOpen || c.LastSeq != 5 {
		t.Errorf("after the contact wrote again: status %s last seq %d, want open, 5", c.Status, c.LastSeq)
	}

	// The same inside one batch, with a change that leaves last_seq alone: the agent's reply
	// queued after it must keep the conversation resolved.
	release := blockWriter(t, w)
	q := &inOrder{t: t, s: s}
	again := q.append(w.msg(kefu.SenderContact, kefu.KindText, "again"))
	resolved := q.update(w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Status = kefu.StatusResolved
		return nil, nil
	})
	bye := q.append(w.msg(kefu.SenderAgent, kefu.KindText, "bye"))
	release()
	for _, r := range []appendResult{<-again, <-bye} {
		must(t, r.err)
	}
	must(t, <-resolved)
	if c := w.conversation(t); c.Status != kefu.StatusResolved || c.LastSeq != 7 {
		t.Errorf("after resolve and an agent reply in one batch: status %s last seq %d, want resolved, 7", c.Status, c.LastSeq)
	}
}
