package hours

import (
	"testing"
	"time"
)

// TestWallInstantEveryZone checks wallInstant over every half hour of 2026 in zones with
// different clock changes (northern, southern, half-hour DST, none): the instant shows the
// asked wall time and no earlier instant does; a skipped wall time maps to the jump itself.
func TestWallInstantEveryZone(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Shanghai"} {
		loc := zone(t, name)
		day := date{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		for range 365 {
			for m := 0; m < minutesPerDay; m += 30 {
				checkWallInstant(t, loc, day, m)
			}
			day = day.add(1)
		}
	}
}

func checkWallInstant(t *testing.T, loc *time.Location, d date, minutes int) {
	t.Helper()
	want := d.Add(time.Duration(minutes) * time.Minute)
	got := wallInstant(d, minutes, loc)
	if !wallOf(got.In(loc)).Equal(want) {
		// A gap: got must be the jump, with the wall clock passing want there.
		_, offBefore := got.Add(-time.Nanosecond).In(loc).Zone()
		_, offAt := got.In(loc).Zone()
		if offBefore == offAt || !wallOf(got.In(loc)).After(want) || !wallOf(got.Add(-time.Nanosecond).In(loc)).Before(want) {
			t.Fatalf("%s %v: got %v, neither the wall time nor the jump over it", loc, want, got.In(loc))
		}
		return
	}
	for k := 1; k <= 8; k++ {
		if earlier := got.Add(-time.Duration(k) * 15 * time.Minute); wallOf(earlier.In(loc)).Equal(want) {
			t.Fatalf("%s %v: got %v, but %v shows that wall time earlier", loc, want, got.In(loc), earlier.In(loc))
		}
	}
}
