package manage

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestParseRange checks the defaults and the refusals of a metrics range.
func TestParseRange(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	// 20:00 UTC on 9 March is 04:00 on 10 March in Shanghai: "today" is the 10th there.
	now := time.Date(2025, 3, 9, 20, 0, 0, 0, time.UTC)
	ok := []struct {
		name, from, to string
		first, last    string
		n              int
	}{
		{"defaults: the last 7 days", "", "", "2025-03-04", "2025-03-10", 7},
		{"to only", "", "2025-02-02", "2025-01-27", "2025-02-02", 7},
		{"one day", "2025-02-28", "2025-02-28", "2025-02-28", "2025-02-28", 1},
		{"from only, up to today", "2025-03-01", "", "2025-03-01", "2025-03-10", 10},
		{"92 days", "2025-01-01", "2025-04-02", "2025-01-01", "2025-04-02", 92},
	}
	for _, tt := range ok {
		r, err := parseRange(tt.from, tt.to, now, sh)
		if err != nil || r.n != tt.n || r.day(0) != tt.first || r.day(r.n-1) != tt.last {
			t.Errorf("%s: %v..%v (%d days), %v; want %s..%s (%d)", tt.name, r.day(0), r.day(max(r.n-1, 0)), r.n, err, tt.first, tt.last, tt.n)
		}
	}
	bad := []struct{ name, from, to, field string }{
		{"93 days", "2025-01-01", "2025-04-03", "from"},
		{"from after to", "2025-03-02", "2025-03-01", "from"},
		{"not a date", "yesterday", "", "from"},
		{"no such day", "", "2025-02-30", "to"},
		{"a time", "2025-03-01T00:00:00Z", "", "from"},
	}
	for _, tt := range bad {
		_, err := parseRange(tt.from, tt.to, now, sh)
		var ke *kefu.Error
		if e, isKefu := err.(*kefu.Error); isKefu {
			ke = e
		}
		if ke == nil || ke.Code != kefu.CodeInvalid || ke.Field != tt.field {
			t.Errorf("%s: error %v, want invalid_input on %s", tt.name, err, tt.field)
		}
	}
}

// TestRangeBounds checks that days start at local midnight, also across a daylight-saving
// change, where a day is 23 hours long.
func TestRangeBounds(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database")
	}
	r, err := parseRange("2025-03-08", "2025-03-10", time.Now(), ny)
	if err != nil {
		t.Fatal(err)
	}
	b := r.bounds()
	want := []string{"2025-03-08T05:00:00Z", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z", "2025-03-11T04:00:00Z"}
	if len(b) != len(want) {
		t.Fatalf("%d bounds, want %d", len(b), len(want))
	}
	for i := range want {
		if got := b[i].UTC().Format(time.RFC3339); got != want[i] {
			t.Errorf("bound %d = %s, want %s", i, got, want[i])
		}
	}
	if r.day(1) != "2025-03-09" {
		t.Errorf("day 1 = %s, want 2025-03-09", r.day(1))
	}
}

// TestFold checks that counts become a dense grid of days and inboxes with their sum.
func TestFold(t *testing.T) {
	r, _ := parseRange("2025-05-01", "2025-05-03", time.Now(), time.UTC)
	counts := []kefu.BotEventCount{
		{Day: 0, InboxID: "b", Kind: kefu.BotEventStarted, Count: 4},
		{Day: 0, InboxID: "b", Kind: kefu.BotEventHandoff, Reason: kefu.HandoffButton, Count: 1},
		{Day: 2, InboxID: "a", Kind: kefu.BotEventResolved, Count: 2},
		{Day: 2, InboxID: "a", Kind: kefu.BotEventHandoff, Reason: kefu.HandoffButton, Count: 3},
		{Day: 2, InboxID: "a", Kind: "something_new", Count: 9},
	}
	m := fold(r, counts, "")
	if len(m.Days) != 6 || m.Days[0].Day != "2025-05-01" || m.Days[0].InboxID != "a" || m.Days[1].InboxID != "b" {
		t.Fatalf("days = %+v, want 3 days × inboxes a, b", m.Days)
	}
	if m.Days[1].Started != 4 || m.Days[1].Handoffs[kefu.HandoffButton] != 1 || m.Days[4].Resolved != 2 {
		t.Errorf("days = %+v", m.Days)
	}
	if m.Days[2].Handoffs == nil || len(m.Days[2].Handoffs) != 0 {
		t.Errorf("a day without hand-offs has %v, want an empty map", m.Days[2].Handoffs)
	}
	tot := m.Totals
	if tot.Day != "" || tot.Started != 4 || tot.Resolved != 2 || tot.Handoffs[kefu.HandoffButton] != 4 {
		t.Errorf("totals = %+v", tot)
	}
	if m := fold(r, nil, "c"); len(m.Days) != 3 || m.Days[2].InboxID != "c" || m.Totals.InboxID != "c" {
		t.Errorf("an inbox asked for without events: %+v, want its three empty days", m)
	}
}
