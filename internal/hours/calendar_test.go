package hours

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustNew(t *testing.T, bh kefu.BusinessHours, fallback string) *Calendar {
	t.Helper()
	c, err := New(bh, fallback)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	return c
}

func days(start, end string, weekdays ...int) []kefu.DayHours {
	var out []kefu.DayHours
	for _, d := range weekdays {
		out = append(out, kefu.DayHours{Day: d, Start: start, End: end})
	}
	return out
}

// shanghai: weekdays 09:00–12:00 and 13:30–18:00, Saturday 10:00–16:00; 国庆 1–2 October off,
// Saturday 10 October an extra 调休 workday.
func shanghai() kefu.BusinessHours {
	weekly := append(days("09:00", "12:00", 1, 2, 3, 4, 5), days("13:30", "18:00", 1, 2, 3, 4, 5)...)
	return kefu.BusinessHours{
		Enabled: true, Timezone: "Asia/Shanghai",
		Weekly: append(weekly, days("10:00", "16:00", 6)...),
		Special: []kefu.SpecialDay{
			{Date: "2026-10-01", Name: "国庆节", Closed: true},
			{Date: "2026-10-02", Name: "国庆节", Closed: true},
			{Date: "2026-10-10", Name: "调休", Hours: []kefu.DayHours{{Start: "09:00", End: "18:00"}}},
		},
	}
}

// nightShift: New York, every night 22:00–06:00 except Saturday night; Christmas Eve off
// (but the night before still runs into it).
func nightShift() kefu.BusinessHours {
	return kefu.BusinessHours{
		Enabled: true, Timezone: "America/New_York",
		Weekly:  days("22:00", "06:00", 0, 1, 2, 3, 4, 5),
		Special: []kefu.SpecialDay{{Date: "2026-12-24", Closed: true}},
	}
}

// london: the organisation's zone (no zone of its own), Monday 00:00–24:00 and Tuesday
// 00:00–12:00: one opening across midnight.
func london() kefu.BusinessHours {
	return kefu.BusinessHours{Enabled: true, Weekly: append(days("00:00", "24:00", 1), days("00:00", "12:00", 2)...)}
}

// newYorkDST: Sundays 00:00–01:30 and 02:30–04:00, the edges that the 2026 clock changes
// (8 March: 02:00 → 03:00; 1 November: 02:00 → 01:00) make ambiguous or skip.
func newYorkDST() kefu.BusinessHours {
	return kefu.BusinessHours{
		Enabled: true, Timezone: "America/New_York",
		Weekly: append(days("00:00", "01:30", 0), days("02:30", "04:00", 0)...),
	}
}

type at struct {
	name      string
	t         time.Time
	open      bool
	nextOpen  time.Time // zero: the answer is t (open now) or none (noOpen)
	nextClose time.Time // zero: the answer is t (closed now) or none (noClose)
	noOpen    bool
	noClose   bool
}

func checkAt(t *testing.T, c *Calendar, tt at) {
	t.Helper()
	if got := c.Open(tt.t); got != tt.open {
		t.Errorf("Open(%v) = %v, want %v", tt.t, got, tt.open)
	}
	wantOpen, wantClose := tt.nextOpen, tt.nextClose
	if tt.open {
		wantOpen = tt.t
	} else {
		wantClose = tt.t
	}
	if got, ok := c.NextOpen(tt.t); ok == tt.noOpen || (ok && !got.Equal(wantOpen)) {
		t.Errorf("NextOpen(%v) = (%v, %v), want (%v, %v)", tt.t, got, ok, wantOpen, !tt.noOpen)
	}
	if got, ok := c.NextClose(tt.t); ok == tt.noClose || (ok && !got.Equal(wantClose)) {
		t.Errorf("NextClose(%v) = (%v, %v), want (%v, %v)", tt.t, got, ok, wantClose, !tt.noClose)
	}
}

func TestCalendarShanghai(t *testing.T) {
	sh := zone(t, "Asia/Shanghai")
	d := func(month, day, h, m int) time.Time { return time.Date(2026, time.Month(month), day, h, m, 0, 0, sh) }
	c := mustNew(t, shanghai(), "UTC")
	for _, tt := range []at{
		{name: "Monday morning", t: d(9, 28, 10, 0), open: true, nextClose: d(9, 28, 12, 0)},
		{name: "opening minute is open", t: d(9, 28, 9, 0), open: true, nextClose: d(9, 28, 12, 0)},
		{name: "a second before opening", t: d(9, 28, 9, 0).Add(-time.Second), nextOpen: d(9, 28, 9, 0)},
		{name: "closing minute is closed", t: d(9, 28, 12, 0), nextOpen: d(9, 28, 13, 30)},
		{name: "lunch", t: d(9, 28, 12, 45), nextOpen: d(9, 28, 13, 30)},
		{name: "Wednesday evening: 国庆 skips two days", t: d(9, 30, 18, 0), nextOpen: d(10, 3, 10, 0)},
		{name: "holiday", t: d(10, 1, 10, 0), nextOpen: d(10, 3, 10, 0)},
		{name: "Saturday hours", t: d(10, 3, 15, 59), open: true, nextClose: d(10, 3, 16, 0)},
		{name: "Sunday closed", t: d(10, 4, 12, 0), nextOpen: d(10, 5, 9, 0)},
		{name: "调休 Saturday is a workday", t: d(10, 10, 9, 30), open: true, nextClose: d(10, 10, 18, 0)},
		{name: "调休 replaces the Saturday hours", t: d(10, 10, 16, 30), open: true, nextClose: d(10, 10, 18, 0)},
		{name: "same instant seen from UTC", t: d(9, 28, 10, 0).UTC(), open: true, nextClose: d(9, 28, 12, 0)},
		{name: "Friday 17:00 in New York is Saturday 05:00 here", t: time.Date(2026, 10, 2, 17, 0, 0, 0, zone(t, "America/New_York")), nextOpen: d(10, 3, 10, 0)},
	} {
		t.Run(tt.name, func(t *testing.T) { checkAt(t, c, tt) })
	}
}

func TestCalendarOvernight(t *testing.T) {
	ny := zone(t, "America/New_York")
	d := func(month, day, h, m int) time.Time { return time.Date(2026, time.Month(month), day, h, m, 0, 0, ny) }
	c := mustNew(t, nightShift(), "Asia/Shanghai")
	for _, tt := range []at{
		{name: "Monday 23:00", t: d(12, 14, 23, 0), open: true, nextClose: d(12, 15, 6, 0)},
		{name: "Tuesday 05:59, the night from Monday", t: d(12, 15, 5, 59), open: true, nextClose: d(12, 15, 6, 0)},
		{name: "Tuesday noon", t: d(12, 15, 12, 0), nextOpen: d(12, 15, 22, 0)},
		{name: "Saturday night off", t: d(12, 19, 23, 0), nextOpen: d(12, 20, 22, 0)},
		{name: "Saturday early: Friday's night spills", t: d(12, 19, 3, 0), open: true, nextClose: d(12, 19, 6, 0)},
		{name: "holiday's morning keeps the night before", t: d(12, 24, 2, 0), open: true, nextClose: d(12, 24, 6, 0)},
		{name: "holiday night off", t: d(12, 24, 22, 30), nextOpen: d(12, 25, 22, 0)},
		{name: "the morning after the holiday night", t: d(12, 25, 3, 0), nextOpen: d(12, 25, 22, 0)},
	} {
		t.Run(tt.name, func(t *testing.T) { checkAt(t, c, tt) })
	}
}

func TestCalendarFallbackZoneAndMidnight(t *testing.T) {
	lon := zone(t, "Europe/London")
	d := func(month, day, h, m int) time.Time { return time.Date(2026, time.Month(month), day, h, m, 0, 0, lon) }
	c := mustNew(t, london(), "Europe/London")
	for _, tt := range []at{
		{name: "Monday 00:00", t: d(6, 1, 0, 0), open: true, nextClose: d(6, 2, 12, 0)},
		{name: "Monday 23:59: 24:00 joins Tuesday", t: d(6, 1, 23, 59), open: true, nextClose: d(6, 2, 12, 0)},
		{name: "Tuesday midnight", t: d(6, 2, 0, 0), open: true, nextClose: d(6, 2, 12, 0)},
		{name: "Sunday before", t: d(5, 31, 23, 0), nextOpen: d(6, 1, 0, 0)},
		{name: "British summer time start: Sunday 29 March", t: d(3, 29, 1, 30), nextOpen: d(3, 30, 0, 0)},
		{name: "Monday after the clocks went forward", t: d(3, 30, 12, 0), open: true, nextClose: d(3, 31, 12, 0)},
		{name: "Monday after the clocks went back", t: d(10, 26, 0, 30), open: true, nextClose: d(10, 27, 12, 0)},
	} {
		t.Run(tt.name, func(t *testing.T) { checkAt(t, c, tt) })
	}
	if c.Location().String() != "Europe/London" {
		t.Errorf("Location() = %v, want the fallback Europe/London", c.Location())
	}
}

func TestCalendarDST(t *testing.T) {
	ny := zone(t, "America/New_York")
	edt, est := time.FixedZone("EDT", -4*3600), time.FixedZone("EST", -5*3600)
	c := mustNew(t, newYorkDST(), "")
	for _, tt := range []at{
		// 1 November: 01:00–02:00 happens twice (EDT, then EST). 01:30 is its first occurrence.
		{name: "fall back: first 01:15 open", t: time.Date(2026, 11, 1, 1, 15, 0, 0, edt), open: true, nextClose: time.Date(2026, 11, 1, 1, 30, 0, 0, edt)},
		{name: "fall back: first 01:45 closed", t: time.Date(2026, 11, 1, 1, 45, 0, 0, edt), nextOpen: time.Date(2026, 11, 1, 2, 30, 0, 0, est)},
		{name: "fall back: second 01:15 closed", t: time.Date(2026, 11, 1, 1, 15, 0, 0, est), nextOpen: time.Date(2026, 11, 1, 2, 30, 0, 0, est)},
		{name: "fall back: 02:30 EST opens", t: time.Date(2026, 11, 1, 2, 30, 0, 0, est), open: true, nextClose: time.Date(2026, 11, 1, 4, 0, 0, 0, est)},
		// 8 March: 02:00 EST jumps to 03:00 EDT; the 02:30 start is the jump itself.
		{name: "spring forward: 01:29 EST open", t: time.Date(2026, 3, 8, 1, 29, 0, 0, est), open: true, nextClose: time.Date(2026, 3, 8, 1, 30, 0, 0, est)},
		{name: "spring forward: 01:59 EST closed", t: time.Date(2026, 3, 8, 1, 59, 0, 0, est), nextOpen: time.Date(2026, 3, 8, 3, 0, 0, 0, edt)},
		{name: "spring forward: 03:00 EDT open", t: time.Date(2026, 3, 8, 3, 0, 0, 0, edt), open: true, nextClose: time.Date(2026, 3, 8, 4, 0, 0, 0, edt)},
		{name: "ordinary Sunday 02:59", t: time.Date(2026, 3, 15, 2, 59, 0, 0, ny), open: true, nextClose: time.Date(2026, 3, 15, 4, 0, 0, 0, ny)},
		{name: "ordinary Sunday 02:00", t: time.Date(2026, 3, 15, 2, 0, 0, 0, ny), nextOpen: time.Date(2026, 3, 15, 2, 30, 0, 0, ny)},
	} {
		t.Run(tt.name, func(t *testing.T) { checkAt(t, c, tt) })
	}
}

func TestCalendarSwallowedInterval(t *testing.T) {
	// 02:10–02:50 on 8 March 2026 does not exist in New York: that Sunday has no such opening.
	bh := kefu.BusinessHours{Enabled: true, Timezone: "America/New_York", Weekly: days("02:10", "02:50", 0)}
	c := mustNew(t, bh, "")
	from := time.Date(2026, 3, 8, 0, 0, 0, 0, zone(t, "America/New_York"))
	got, ok := c.NextOpen(from)
	if want := time.Date(2026, 3, 15, 2, 10, 0, 0, zone(t, "America/New_York")); !ok || !got.Equal(want) {
		t.Errorf("NextOpen() = (%v, %v), want (%v, true)", got, ok, want)
	}
}

func TestCalendarNever(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	closed := mustNew(t, kefu.BusinessHours{Enabled: true, Timezone: "UTC"}, "")
	if closed.Open(now) {
		t.Error("a calendar without hours is open")
	}
	if _, ok := closed.NextOpen(now); ok {
		t.Error("a calendar without hours opens")
	}
	always := mustNew(t, kefu.BusinessHours{Enabled: true, Weekly: days("00:00", "00:00", 0, 1, 2, 3, 4, 5, 6)}, "UTC")
	if _, ok := always.NextClose(now); ok || !always.Open(now) {
		t.Error("a calendar open around the clock closes")
	}
	off := mustNew(t, kefu.BusinessHours{Enabled: false}, "")
	if next, ok := off.NextOpen(now); !off.Open(now) || !ok || !next.Equal(now) {
		t.Error("a disabled calendar is not open now")
	}
	if _, ok := off.NextClose(now); ok {
		t.Error("a disabled calendar closes")
	}
}

func TestCalendarFarSpecialDay(t *testing.T) {
	bh := kefu.BusinessHours{Enabled: true, Timezone: "UTC", Special: []kefu.SpecialDay{{Date: "2027-06-01", Hours: []kefu.DayHours{{Start: "08:00", End: "09:00"}}}}}
	got, ok := mustNew(t, bh, "").NextOpen(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if want := time.Date(2027, 6, 1, 8, 0, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("NextOpen() = (%v, %v), want (%v, true)", got, ok, want)
	}
}

func TestNewRefusesInvalid(t *testing.T) {
	if _, err := New(kefu.BusinessHours{Weekly: days("9:00", "18:00", 1)}, ""); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf("New() error = %v, want invalid_input", err)
	}
	if _, err := New(kefu.BusinessHours{}, "Mars/Olympus"); kefu.ErrorCode(err) != kefu.CodeInvalid {
		t.Errorf("New() with a bad fallback zone error = %v, want invalid_input", err)
	}
}
