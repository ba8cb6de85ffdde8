package hours

import (
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Calendar answers open/closed questions about one kefu.BusinessHours. It is immutable and
// safe for concurrent use.
type Calendar struct {
	enabled bool
	loc     *time.Location
	weekly  [7][]span         // by time.Weekday, sorted by start
	special map[string][]span // by YYYY-MM-DD; an empty list is a closed day
}

// New builds the calendar of bh, in bh.Timezone or else fallbackTZ (the organisation's), or
// UTC when both are empty. bh must pass Validate; a bad one is refused with its error.
func New(bh kefu.BusinessHours, fallbackTZ string) (*Calendar, error) {
	if err := Validate(bh); err != nil {
		return nil, err
	}
	loc, err := location(bh.Timezone, fallbackTZ)
	if err != nil {
		return nil, err
	}
	c := &Calendar{enabled: bh.Enabled, loc: loc, special: make(map[string][]span, len(bh.Special))}
	for _, h := range bh.Weekly {
		c.weekly[h.Day] = append(c.weekly[h.Day], spanOf(h.Start, h.End))
	}
	for d := range c.weekly {
		sortSpans(c.weekly[d])
	}
	for _, s := range bh.Special {
		c.special[s.Date] = specialSpans(s)
	}
	return c, nil
}

func location(tz, fallback string) (*time.Location, error) {
	if tz == "" {
		tz = fallback
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "Local" {
		return nil, kefu.FieldError(fieldPrefix+".timezone", "unknown timezone %q", tz)
	}
	return loc, nil
}

func specialSpans(s kefu.SpecialDay) []span {
	out := []span{}
	if s.Closed {
		return out
	}
	for _, h := range s.Hours {
		out = append(out, spanOf(h.Start, h.End))
	}
	sortSpans(out)
	return out
}

func sortSpans(s []span) {
	slices.SortFunc(s, func(a, b span) int { return a.start - b.start })
}

// Location is the time zone the calendar's hours are in.
func (c *Calendar) Location() *time.Location { return c.loc }

// spans are d's opening intervals: its special day's when it has one, else its weekday's.
func (c *Calendar) spans(d date) []span {
	if s, ok := c.special[d.key()]; ok {
		return s
	}
	return c.weekly[d.Weekday()]
}

// interval is the instants [from, to) of a span of date d.
func (c *Calendar) interval(d date, s span) (from, to time.Time) {
	return wallInstant(d, s.start, c.loc), wallInstant(d, s.end, c.loc)
}

// Open reports whether the calendar is open at t. A disabled calendar is always open.
func (c *Calendar) Open(t time.Time) bool {
	if !c.enabled {
		return true
	}
	_, open := c.openUntil(t)
	return open
}

// openUntil is the latest end of the intervals containing t (those of t's local date and the
// day before, whose overnight intervals spill over), and whether there is one.
func (c *Calendar) openUntil(t time.Time) (time.Time, bool) {
	var until time.Time
	day := dateOf(t.In(c.loc))
	for _, d := range []date{day.add(-1), day} {
		for _, s := range c.spans(d) {
			from, to := c.interval(d, s)
			if !t.Before(from) && t.Before(to) && to.After(until) {
				until = to
			}
		}
	}
	return until, !until.IsZero()
}
