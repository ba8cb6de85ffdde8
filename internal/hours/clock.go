package hours

import (
	"time"
)

const minutesPerDay = 24 * 60

// span is one opening interval of a date in minutes after its midnight; end may pass 1440
// (an overnight interval that runs into the next day).
type span struct{ start, end int }

// parseClock reads "HH:MM" (and "24:00" when allow24) as minutes after midnight.
func parseClock(s string, allow24 bool) (int, bool) {
	if len(s) != 5 || s[2] != ':' || !digits(s[:2]) || !digits(s[3:]) {
		return 0, false
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	if allow24 && h == 24 && m == 0 {
		return minutesPerDay, true
	}
	return h*60 + m, h < 24 && m < 60
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// spanOf turns a validated interval into minutes; an end at or before the start runs past
// midnight into the next day.
func spanOf(start, end string) span {
	s, _ := parseClock(start, false)
	e, _ := parseClock(end, true)
	if e <= s {
		e += minutesPerDay
	}
	return span{s, e}
}

// date is a calendar day, kept as midnight UTC so that adding days is exact arithmetic.
type date struct{ time.Time }

func dateOf(t time.Time) date {
	y, m, d := t.Date()
	return date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func (d date) add(days int) date { return date{d.AddDate(0, 0, days)} }

func (d date) key() string { return d.Format(time.DateOnly) }

// wallInstant is the instant the clock in loc shows minutes after d's midnight: the first one
// when that wall time happens twice, the moment of the jump when it is skipped.
func wallInstant(d date, minutes int, loc *time.Location) time.Time {
	want := d.Add(time.Duration(minutes) * time.Minute) // the wall time, as a UTC value
	t := time.Date(want.Year(), want.Month(), want.Day(), want.Hour(), want.Minute(), 0, 0, loc)
	got := wallOf(t)
	if got.Equal(want) {
		return t
	}
	// In a gap: time.Date moved the wall time by the offset change; the jump is the edge of
	// t's zone period on the gap's side.
	start, end := t.ZoneBounds()
	if got.Before(want) {
		return end
	}
	return start
}

// wallOf is t's wall-clock reading in its own location, as a UTC value.
func wallOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}
