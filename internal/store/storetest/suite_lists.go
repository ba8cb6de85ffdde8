package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func (w *world) update(t *testing.T, id string, mutate func(c *kefu.Conversation)) {
	t.Helper()
	_, err := w.s.UpdateConversation(context.Background(), w.org.ID, id, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		mutate(c)
		return nil, nil
	})
	must(t, err)
}

func testConversationFilters(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	team := &kefu.Team{OrgID: w.org.ID, Name: "T"}
	must(t, s.CreateTeam(ctx, team))
	in2 := &kefu.Inbox{OrgID: w.org.ID, Name: "Two", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, in2))
	bob := &kefu.Contact{OrgID: w.org.ID, Name: "Bob", Email: "bob@example.com", Phone: "+8613800000000"}
	must(t, s.CreateContact(ctx, bob))

	open1 := w.conv.ID
	assigned := w.newConversation(t).ID
	w.update(t, assigned, func(c *kefu.Conversation) { c.AssigneeID, c.Status = a.ID, kefu.StatusPending })
	teamed := w.newConversation(t).ID
	w.update(t, teamed, func(c *kefu.Conversation) {
		c.TeamID, c.Labels, c.Status = team.ID, []string{"vip"}, kefu.StatusResolved
	})
	c4, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: in2.ID, ContactID: bob.ID})
	must(t, err)
	other := c4.ID
	newWorld(t, s) // another organisation's conversations never show

	tests := []struct {
		name string
		f    kefu.ConversationFilter
		want []string
	}{
		{"everything", kefu.ConversationFilter{}, []string{open1, assigned, teamed, other}},
		{"status", kefu.ConversationFilter{Statuses: []kefu.Status{kefu.StatusOpen}}, []string{open1, other}},
		{"statuses", kefu.ConversationFilter{Statuses: []kefu.Status{kefu.StatusPending, kefu.StatusResolved}}, []string{assigned, teamed}},
		{"assignee", kefu.ConversationFilter{AssigneeID: a.ID}, []string{assigned}},
		{"unassigned", kefu.ConversationFilter{Unassigned: true}, []string{open1, teamed, other}},
		{"team", kefu.ConversationFilter{TeamID: team.ID}, []string{teamed}},
		{"inbox", kefu.ConversationFilter{InboxID: in2.ID}, []string{other}},
		{"label", kefu.ConversationFilter{Label: "vip"}, []string{teamed}},
		{"contact", kefu.ConversationFilter{ContactID: bob.ID}, []string{other}},
		{"contact name", kefu.ConversationFilter{Search: "BOB"}, []string{other}},
		{"contact phone", kefu.ConversationFilter{Search: "13800"}, []string{other}},
		{"combined", kefu.ConversationFilter{Unassigned: true, Statuses: []kefu.Status{kefu.StatusOpen}, InboxID: w.inbox.ID}, []string{open1}},
	}
	for _, tc := range tests {
		got, next, err := s.ListConversations(ctx, w.org.ID, tc.f)
		must(t, err)
		if !sameSet(ids(got), tc.want) || next != "" {
			t.Errorf("%s: got %v (next %q), want %v", tc.name, ids(got), next, tc.want)
		}
		n, err := s.CountConversations(ctx, w.org.ID, tc.f)
		must(t, err)
		if n != len(tc.want) {
			t.Errorf("%s: CountConversations got %d, want %d", tc.name, n, len(tc.want))
		}
	}
	_, _, err = s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{Sort: "random"})
	wantCode(t, "unknown sort", err, kefu.CodeInvalid)
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

func testSearchEscaping(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	say := func(sender kefu.SenderType, kind kefu.MessageKind, text string) string {
		c := w.newConversation(t)
		m := w.msg(sender, kind, text)
		m.ConversationID = c.ID
		w.append(t, m)
		return c.ID
	}
	percent := say(kefu.SenderContact, kefu.KindText, "I am 100% Sure")
	plain := say(kefu.SenderContact, kefu.KindText, "100 sure, 1000 times")
	under := say(kefu.SenderAgent, kefu.KindText, "use a_b please")
	axb := say(kefu.SenderAgent, kefu.KindText, "use axb please")
	slash := say(kefu.SenderAgent, kefu.KindText, `path C:\temp`)
	say(kefu.SenderAgent, kefu.KindNote, "internal secret 退款")
	cn := say(kefu.SenderContact, kefu.KindText, "我要退款")
	tests := []struct {
		search string
		want   []string
	}{
		{"100%", []string{percent}},
		{"100", []string{percent, plain}},
		{"sure", []string{percent, plain}},
		{"a_b", []string{under}},
		{"_", []string{under}},
		{"%", []string{percent}},
		{"a%b", nil},
		{`\`, []string{slash}},
		{`C:\t`, []string{slash}},
		{"secret", nil},
		{"退款", []string{cn}},
		{"axb", []string{axb}},
	}
	for _, tc := range tests {
		got, _, err := s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{Search: tc.search})
		must(t, err)
		if !sameSet(ids(got), tc.want) {
			t.Errorf("search %q: got %d conversations %v, want %v", tc.search, len(got), ids(got), tc.want)
		}
	}
}

func testConversationPagination(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	base := time.Now().Add(-time.Hour).UTC().Truncate(time.Microsecond)
	all := []kefu.Conversation{*w.conv}
	for i := range 22 {
		// Groups of three share a timestamp, so the id must break ties.
		at := base.Add(time.Duration(i/3) * time.Second)
		c, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: w.inbox.ID, ContactID: w.contact.ID, LastActivityAt: at})
		must(t, err)
		if i%4 != 3 { // most wait, with ties; some do not
			w.update(t, c.ID, func(c *kefu.Conversation) {
				since := base.Add(time.Duration(i%5) * time.Minute)
				c.WaitingSince = &since
			})
		}
		got, err := s.GetConversation(ctx, w.org.ID, c.ID)
		must(t, err)
		all = append(all, *got)
	}
	byActivity := slices.Clone(all)
	slices.SortFunc(byActivity, func(a, b kefu.Conversation) int {
		if c := b.LastActivityAt.Compare(a.LastActivityAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	waitKey := func(c kefu.Conversation) int64 {
		if c.WaitingSince == nil {
			return 1 << 62
		}
		return c.WaitingSince.UnixMicro()
	}
	byWaiting := slices.Clone(all)
	slices.SortFunc(byWaiting, func(a, b kefu.Conversation) int {
		if d := waitKey(a) - waitKey(b); d != 0 {
			return int(d / max(1, abs(d)))
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, tc := range []struct {
		sort  kefu.ConversationSort
		limit int
		want  []kefu.Conversation
	}{
		{kefu.SortLastActivity, 5, byActivity},
		{"", 4, byActivity},
		{kefu.SortWaitingLongest, 4, byWaiting},
		{kefu.SortWaitingLongest, 23, byWaiting},
	} {
		got := pageAll(t, s, w.org.ID, kefu.ConversationFilter{Sort: tc.sort, Limit: tc.limit})
		if fmt.Sprint(got) != fmt.Sprint(ids(tc.want)) {
			t.Errorf("sort %q limit %d: got %v, want %v", tc.sort, tc.limit, got, ids(tc.want))
		}
	}
	first, _, err := s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{})
	must(t, err)
	if len(first) != 23 {
		t.Errorf("default limit: got %d, want all 23 (limit 25)", len(first))
	}
	_, _, err = s.ListConversations(ctx, w.org.ID, kefu.ConversationFilter{Cursor: "not-a-cursor"})
	wantCode(t, "invalid cursor", err, kefu.CodeInvalid)
}

func abs(d int64) int64 {
	if d < 0 {
		return -d
	}
	return d
}

// pageAll follows cursors to the end and returns the ids in the order visited.
func pageAll(t *testing.T, s *store.Store, orgID string, f kefu.ConversationFilter) []string {
	t.Helper()
	var out []string
	for range 100 {
		page, next, err := s.ListConversations(context.Background(), orgID, f)
		must(t, err)
		if len(page) > f.Limit {
			t.Fatalf("page of %d over limit %d", len(page), f.Limit)
		}
		out = append(out, ids(page)...)
		if next == "" {
			return out
		}
		f.Cursor = next
	}
	t.Fatalf("pagination did not end")
	return nil
}
