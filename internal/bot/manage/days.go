package manage

import (
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits of a metrics range, in days.
const (
	MaxMetricsDays     = 92 // a quarter: enough for a report, bounded for the query
	DefaultMetricsDays = 7
)

const dayLayout = "2006-01-02"

// dayRange is n consecutive days from first, whose year, month and day name the first day in
// loc.
type dayRange struct {
	first time.Time
	n     int
	loc   *time.Location
}

// parseRange reads from and to (YYYY-MM-DD, both included) as days in loc. An empty to is
// today; an empty from is DefaultMetricsDays days up to to.
func parseRange(from, to string, today time.Time, loc *time.Location) (dayRange, error) {
	last, err := parseDay("to", to, today, loc)
	if err != nil {
		return dayRange{}, err
	}
	first := last.AddDate(0, 0, 1-DefaultMetricsDays)
	if from != "" {
		if first, err = parseDay("from", from, today, loc); err != nil {
			return dayRange{}, err
		}
	}
	if first.After(last) {
		return dayRange{}, kefu.FieldError("from", "from must not be after to")
	}
	n := daysBetween(first, last) + 1
	if n > MaxMetricsDays {
		return dayRange{}, kefu.FieldError("from", "a range is at most %d days; this one is %d", MaxMetricsDays, n)
	}
	return dayRange{first: first, n: n, loc: loc}, nil
}

// parseDay reads one date as midnight in loc; "" is today's.
func parseDay(field, s string, today time.Time, loc *time.Location) (time.Time, error) {
	if s == "" {
		y, m, d := today.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, loc), nil
	}
	t, err := time.ParseInLocation(dayLayout, s, loc)
	if err != nil {
		return time.Time{}, kefu.FieldError(field, "%s must be a date as YYYY-MM-DD", field)
	}
	return t, nil
}

// daysBetween counts calendar days from a to b by their dates alone, so a day of 23 or 25
// hours (a daylight-saving change) counts as one.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// start is the instant day i of the range begins: its midnight in the range's zone.
func (r dayRange) start(i int) time.Time {
	y, m, d := r.first.Date()
	return time.Date(y, m, d+i, 0, 0, 0, 0, r.loc)
}

// bounds are the starts of the range's days and the end of its last: n+1 instants.
func (r dayRange) bounds() []time.Time {
	out := make([]time.Time, r.n+1)
	for i := range out {
		out[i] = r.start(i)
	}
	return out
}

// day is the name of day i, YYYY-MM-DD.
func (r dayRange) day(i int) string { return r.start(i).Format(dayLayout) }
