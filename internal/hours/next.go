package hours

import "time"

// horizonDays bounds the search for the next opening or closing: a calendar that neither opens
// nor closes within about two years is treated as never doing so.
const horizonDays = 2*366 + 1

// NextOpen is the earliest instant at or after t when the calendar is open: t itself when it
// is open now. ok is false when it does not open within the horizon (no hours at all).
func (c *Calendar) NextOpen(t time.Time) (next time.Time, ok bool) {
	if c.Open(t) {
		return t, true
	}
	day := dateOf(t.In(c.loc))
	for i := -1; i <= horizonDays; i++ {
		d := day.add(i)
		for _, s := range c.spans(d) {
			// Starts come in increasing order (days ascending, spans sorted); skip intervals
			// a daylight-saving gap swallowed whole.
			if from, to := c.interval(d, s); !from.Before(t) && from.Before(to) {
				return from, true
			}
		}
	}
	return time.Time{}, false
}

// NextClose is the earliest instant at or after t when the calendar is closed: t itself when
// it is closed now. Back-to-back intervals (22:00–24:00 then 00:00–06:00) count as one
// opening. ok is false when it stays open past the horizon (disabled, or open around the clock).
func (c *Calendar) NextClose(t time.Time) (next time.Time, ok bool) {
	if !c.enabled {
		return time.Time{}, false
	}
	cur := t
	for range horizonDays {
		until, open := c.openUntil(cur)
		if !open {
			return cur, true
		}
		cur = until
	}
	return time.Time{}, false
}
