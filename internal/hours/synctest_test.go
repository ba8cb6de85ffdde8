package hours

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestCalendarFollowsClock lets a fake clock run through a week of the Shanghai calendar the
// way a worker would: sleep until the next change, check the state flipped, repeat. Every
// opening and closing of the week must be hit exactly, with none skipped or invented.
func TestCalendarFollowsClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := mustNew(t, shanghai(), "")
		sh := c.Location()
		// The bubble's clock starts at 2000-01-01 UTC; move to Monday 28 September 2026, 08:00.
		time.Sleep(time.Until(time.Date(2026, 9, 28, 8, 0, 0, 0, sh)))
		end := time.Date(2026, 10, 12, 0, 0, 0, 0, sh)
		var opened []time.Time
		for time.Now().Before(end) {
			next := nextChange(t, c, time.Now())
			if next.IsZero() || next.After(end) {
				break
			}
			time.Sleep(time.Until(next))
			if c.Open(time.Now()) {
				opened = append(opened, time.Now())
			}
			if c.Open(time.Now().Add(-time.Second)) == c.Open(time.Now()) {
				t.Fatalf("nothing changed at %v", time.Now().In(sh))
			}
		}
		// Mon–Wed two openings a day (6), 国庆 Thu–Fri none, Sat 3 Oct one, Mon–Fri 5–9 Oct
		// ten, 调休 Saturday 10 Oct one.
		if len(opened) != 18 {
			t.Errorf("opened %d times, want 18: %v", len(opened), opened)
		}
	})
}

// nextChange is when c next opens or closes after now.
func nextChange(t *testing.T, c *Calendar, now time.Time) time.Time {
	t.Helper()
	var next time.Time
	var ok bool
	if c.Open(now) {
		next, ok = c.NextClose(now)
	} else {
		next, ok = c.NextOpen(now)
	}
	if !ok {
		return time.Time{}
	}
	return next
}

// TestNextOpenFromTimer: a timer set for NextOpen fires when the calendar is open, not a
// moment before.
func TestNextOpenFromTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := mustNew(t, kefu.BusinessHours{Enabled: true, Timezone: "Europe/London", Weekly: days("09:00", "17:00", 1, 2, 3, 4, 5)}, "")
		next, ok := c.NextOpen(time.Now()) // Saturday 1 January 2000: opens Monday 09:00
		if !ok || c.Open(next.Add(-time.Nanosecond)) {
			t.Fatalf("NextOpen() = (%v, %v), want a time the calendar opens at", next, ok)
		}
		fired := make(chan time.Time, 1)
		time.AfterFunc(time.Until(next), func() { fired <- time.Now() })
		synctest.Wait()
		if len(fired) != 0 {
			t.Fatal("timer fired early")
		}
		time.Sleep(time.Until(next))
		synctest.Wait()
		at := <-fired
		if !c.Open(at) || at.In(c.Location()).Weekday() != time.Monday || at.In(c.Location()).Hour() != 9 {
			t.Errorf("fired at %v, want Monday 09:00 London and open", at.In(c.Location()))
		}
	})
}
