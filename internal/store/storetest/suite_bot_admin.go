package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// botEvent records one bot event of kind in w's inbox and conversation at time at; msg tells
// events of one kind apart (the row is unique per conversation, message and kind).
func (w *world) botEvent(t *testing.T, inboxID, kind, reason, msg string, at time.Time) *kefu.BotEvent {
	t.Helper()
	e := &kefu.BotEvent{OrgID: w.org.ID, InboxID: inboxID, ConversationID: w.conv.ID, MessageID: msg,
		Kind: kind, Reason: reason, CreatedAt: at}
	if kind == kefu.BotEventUnanswered || kind == kefu.BotEventNotHelpful {
		e.Question = "question " + msg
	}
	must(t, w.s.RecordBotEvent(context.Background(), e))
	return e
}

// testBotEventCounts checks the metrics' grouping: per inbox, day (by the bounds given, here
// Shanghai midnights), kind and reason; the inbox filter; a repeated event counted once; and
// another organisation's events never counted.
func testBotEventCounts(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w, other := newWorld(t, s), newWorld(t, s)
	sh := time.FixedZone("CST", 8*3600)
	day0 := time.Date(2025, 3, 1, 0, 0, 0, 0, sh)
	bounds := []time.Time{day0, day0.AddDate(0, 0, 1), day0.AddDate(0, 0, 2)}
	second := &kefu.Inbox{OrgID: w.org.ID, Name: "Second", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, second))
	w.botEvent(t, w.inbox.ID, kefu.BotEventStarted, "", "m1", day0)                                          // first instant of day 0
	w.botEvent(t, w.inbox.ID, kefu.BotEventStarted, "", "m1", day0.Add(time.Hour))                           // the same row again
	w.botEvent(t, w.inbox.ID, kefu.BotEventStarted, "", "m2", day0.Add(23*time.Hour+59*time.Minute))         // 23:59 local, 15:59 UTC
	w.botEvent(t, w.inbox.ID, kefu.BotEventHandoff, kefu.HandoffAskedForHuman, "m3", day0.Add(24*time.Hour)) // day 1
	w.botEvent(t, w.inbox.ID, kefu.BotEventHandoff, kefu.HandoffButton, "m4", day0.Add(30*time.Hour))
	w.botEvent(t, second.ID, kefu.BotEventAnswered, "", "m5", day0.Add(2*time.Hour))
	w.botEvent(t, w.inbox.ID, kefu.BotEventResolved, "", "m6", day0.Add(48*time.Hour))     // after the range
	w.botEvent(t, w.inbox.ID, kefu.BotEventResolved, "", "m7", day0.Add(-time.Second))     // before it
	other.botEvent(t, other.inbox.ID, kefu.BotEventStarted, "", "m1", day0.Add(time.Hour)) // another organisation
	got, err := s.BotEventCounts(ctx, w.org.ID, "", bounds)
	must(t, err)
	want := []kefu.BotEventCount{
		{Day: 0, InboxID: w.inbox.ID, Kind: kefu.BotEventStarted, Count: 2},
		{Day: 0, InboxID: second.ID, Kind: kefu.BotEventAnswered, Count: 1},
		{Day: 1, InboxID: w.inbox.ID, Kind: kefu.BotEventHandoff, Reason: kefu.HandoffAskedForHuman, Count: 1},
		{Day: 1, InboxID: w.inbox.ID, Kind: kefu.BotEventHandoff, Reason: kefu.HandoffButton, Count: 1},
	}
	if !sameCounts(got, want) {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	got, err = s.BotEventCounts(ctx, w.org.ID, second.ID, bounds)
	must(t, err)
	if !sameCounts(got, want[1:2]) {
		t.Errorf("counts of the second inbox = %+v, want %+v", got, want[1:2])
	}
	got, err = s.BotEventCounts(ctx, w.org.ID, w.inbox.ID, bounds[1:])
	must(t, err)
	alone := slices.Clone(want[2:])
	for i := range alone {
		alone[i].Day = 0 // the first day of this range
	}
	if !sameCounts(got, alone) {
		t.Errorf("counts of day 1 alone = %+v, want %+v", got, alone)
	}
	if _, err := s.BotEventCounts(ctx, w.org.ID, "", bounds[:1]); err == nil {
		t.Error("one bound: no error, want one")
	}
}

// sameCounts compares counts regardless of order.
func sameCounts(got, want []kefu.BotEventCount) bool {
	key := func(c kefu.BotEventCount) string {
		return fmt.Sprintf("%d/%s/%s/%s/%d", c.Day, c.InboxID, c.Kind, c.Reason, c.Count)
	}
	g, w := make([]string, len(got)), make([]string, len(want))
	for i := range got {
		g[i] = key(got[i])
	}
	for i := range want {
		w[i] = key(want[i])
	}
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}

// testUnanswered checks the improvement list: only unanswered and not-helpful events with a
// question are on it, newest first, paged by cursor, filtered by inbox; a question moves from
// open once, and other organisations' questions are not found.
func testUnanswered(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w, other := newWorld(t, s), newWorld(t, s)
	base := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	var open5 []string // newest first
	for i := range 5 {
		kind := kefu.BotEventUnanswered
		if i == 2 {
			kind = kefu.BotEventNotHelpful
		}
		e := w.botEvent(t, w.inbox.ID, kind, "", fmt.Sprintf("q%d", i), base.Add(time.Duration(i)*time.Minute))
		open5 = slices.Insert(open5, 0, e.ID)
	}
	w.botEvent(t, w.inbox.ID, kefu.BotEventAnswered, "", "a1", base) // not a question
	foreign := other.botEvent(t, other.inbox.ID, kefu.BotEventUnanswered, "", "q0", base)

	var seen []string
	cursor := ""
	for page := 0; page < 5; page++ {
		list, next, err := s.ListUnanswered(ctx, w.org.ID, kefu.UnansweredFilter{Status: kefu.UnansweredOpen, Limit: 2, Cursor: cursor})
		must(t, err)
		for _, q := range list {
			seen = append(seen, q.ID)
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	if !slices.Equal(seen, open5) {
		t.Fatalf("open questions paged by 2 = %v, want %v (newest first)", seen, open5)
	}
	q, err := s.GetUnanswered(ctx, w.org.ID, open5[2])
	must(t, err)
	if q.Reason != kefu.BotEventNotHelpful || q.Question != "question q2" || q.InboxID != w.inbox.ID || q.ConversationID != w.conv.ID {
		t.Errorf("question read back as %+v", q)
	}
	added, err := s.SetUnansweredStatus(ctx, w.org.ID, open5[0], kefu.UnansweredAdded)
	must(t, err)
	if added.Status != kefu.UnansweredAdded {
		t.Errorf("status after add = %q", added.Status)
	}
	_, err = s.SetUnansweredStatus(ctx, w.org.ID, open5[0], kefu.UnansweredDismissed)
	wantCode(t, "dismiss an added question", err, kefu.CodeAlreadyHandled)
	_, err = s.SetUnansweredStatus(ctx, w.org.ID, foreign.ID, kefu.UnansweredDismissed)
	wantCode(t, "another organisation's question", err, kefu.CodeNotFound)
	_, err = s.GetUnanswered(ctx, w.org.ID, foreign.ID)
	wantCode(t, "read another organisation's question", err, kefu.CodeNotFound)

	list, _, err := s.ListUnanswered(ctx, w.org.ID, kefu.UnansweredFilter{Status: kefu.UnansweredAdded})
	must(t, err)
	if len(list) != 1 || list[0].ID != open5[0] {
		t.Errorf("added = %+v, want the one added", list)
	}
	list, _, err = s.ListUnanswered(ctx, w.org.ID, kefu.UnansweredFilter{Status: kefu.UnansweredOpen, InboxID: other.inbox.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("open questions of another organisation's inbox = %+v, want none", list)
	}
	_, _, err = s.ListUnanswered(ctx, w.org.ID, kefu.UnansweredFilter{Status: kefu.UnansweredOpen, Cursor: "garbage"})
	wantCode(t, "bad cursor", err, kefu.CodeInvalid)
}

// testLLMSettings checks an organisation's language model: none at first, the key kept when
// an update leaves it out, cleared on request, sealed under the current data key through a
// rotation, and never another organisation's.
func testLLMSettings(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	k := UseKeyring(t, s)
	w, other := newWorld(t, s), newWorld(t, s)
	got, err := s.GetLLMSettings(ctx, w.org.ID)
	must(t, err)
	if got.Enabled || got.BaseURL != "" || got.APIKeySet {
		t.Fatalf("settings before any save = %+v, want the zero value", got)
	}
	in := kefu.LLMSettings{Enabled: true, BaseURL: "http://127.0.0.1:11434/v1", Model: "qwen2.5", APIKey: "sk-first"}
	saved, err := s.SaveLLMSettings(ctx, w.org.ID, in, false)
	must(t, err)
	if !saved.APIKeySet || saved.UpdatedAt.IsZero() {
		t.Errorf("saved = %+v, want api_key_set and updated_at", saved)
	}
	wantLLM(t, s, w.org.ID, kefu.LLMSettings{Enabled: true, BaseURL: in.BaseURL, Model: "qwen2.5", APIKey: "sk-first", APIKeySet: true})
	_, err = s.SaveLLMSettings(ctx, w.org.ID, kefu.LLMSettings{BaseURL: in.BaseURL, Model: "qwen3", EmbeddingModel: "bge-m3"}, false)
	must(t, err)
	wantLLM(t, s, w.org.ID, kefu.LLMSettings{BaseURL: in.BaseURL, Model: "qwen3", EmbeddingModel: "bge-m3", APIKey: "sk-first", APIKeySet: true})
	if _, err := k.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.MigrateSealed(ctx, 10); err != nil || n != 1 {
		t.Errorf("reseal after rotation = %d, %v; want the one key", n, err)
	}
	wantLLM(t, s, w.org.ID, kefu.LLMSettings{BaseURL: in.BaseURL, Model: "qwen3", EmbeddingModel: "bge-m3", APIKey: "sk-first", APIKeySet: true})
	wantLLM(t, s, other.org.ID, kefu.LLMSettings{})
	_, err = s.SaveLLMSettings(ctx, w.org.ID, kefu.LLMSettings{BaseURL: in.BaseURL, Model: "qwen3"}, true)
	must(t, err)
	wantLLM(t, s, w.org.ID, kefu.LLMSettings{BaseURL: in.BaseURL, Model: "qwen3"})
	_, err = s.SaveLLMSettings(ctx, "00000000-0000-0000-0000-000000000000", in, false)
	wantCode(t, "save for no organisation", err, kefu.CodeNotFound)
}

// wantLLM checks the stored settings, all but the update time.
func wantLLM(t *testing.T, s *store.Store, orgID string, want kefu.LLMSettings) {
	t.Helper()
	got, err := s.GetLLMSettings(context.Background(), orgID)
	must(t, err)
	got.UpdatedAt = time.Time{}
	if got != want {
		t.Errorf("settings read back as %+v, want %+v", got, want)
	}
}
