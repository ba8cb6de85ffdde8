package manage

import (
	"context"
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MetricsQuery selects the bot's metrics: a range of days (YYYY-MM-DD, both included, in the
// organisation's time zone; empty: the last DefaultMetricsDays days) and optionally one inbox.
type MetricsQuery struct {
	From, To string
	InboxID  string
}

// Metrics are the bot's figures: one BotDay per inbox with events and day of the range, by day
// then inbox, and their sum (Day "").
type Metrics struct {
	Days   []kefu.BotDay `json:"days"`
	Totals kefu.BotDay   `json:"totals"`
}

// Metrics counts what the bot did (reports.view).
func (s *Service) Metrics(ctx context.Context, actor kefu.Actor, q MetricsQuery) (*Metrics, error) {
	if err := require(actor, kefu.PermReportsView); err != nil {
		return nil, err
	}
	if q.InboxID != "" && !kefu.ValidID(q.InboxID) {
		return nil, kefu.FieldError("inbox_id", "inbox_id must be an inbox's id")
	}
	loc, err := s.orgZone(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	r, err := parseRange(q.From, q.To, s.now(), loc)
	if err != nil {
		return nil, err
	}
	counts, err := s.store.BotEventCounts(ctx, actor.OrgID, q.InboxID, r.bounds())
	if err != nil {
		return nil, err
	}
	return fold(r, counts, q.InboxID), nil
}

// orgZone is the organisation's time zone, in which its days start; UTC if the stored name no
// longer loads (the settings' validation makes that a server without the zone).
func (s *Service) orgZone(ctx context.Context, orgID string) (*time.Location, error) {
	org, err := s.store.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	loc, err := s.zones.Load(org.Settings.Timezone)
	if err != nil {
		s.log.WarnContext(ctx, "organisation time zone does not load; bot metrics in UTC", "org_id", orgID, "err", err)
		return time.UTC, nil
	}
	return loc, nil
}

// fold turns the counts into a BotDay for every day of the range and every inbox that had
// events in it (or the inbox asked for), so a chart needs no gaps filled, and sums them.
func fold(r dayRange, counts []kefu.BotEventCount, inboxID string) *Metrics {
	inboxes := inboxesOf(counts, inboxID)
	out := &Metrics{Days: make([]kefu.BotDay, 0, r.n*len(inboxes)), Totals: newDay("", inboxID)}
	at := map[[2]string]int{} // (day, inbox) → index in out.Days
	for i := range r.n {
		for _, ib := range inboxes {
			at[[2]string{r.day(i), ib}] = len(out.Days)
			out.Days = append(out.Days, newDay(r.day(i), ib))
		}
	}
	for _, c := range counts {
		if i, ok := at[[2]string{r.day(c.Day), c.InboxID}]; ok {
			add(&out.Days[i], c)
			add(&out.Totals, c)
		}
	}
	return out
}

// inboxesOf lists the inboxes of the counts, sorted, with inboxID when one was asked for.
func inboxesOf(counts []kefu.BotEventCount, inboxID string) []string {
	var ids []string
	if inboxID != "" {
		ids = append(ids, inboxID)
	}
	for _, c := range counts {
		if !slices.Contains(ids, c.InboxID) {
			ids = append(ids, c.InboxID)
		}
	}
	slices.Sort(ids)
	return ids
}

func newDay(day, inboxID string) kefu.BotDay {
	return kefu.BotDay{Day: day, InboxID: inboxID, Handoffs: map[string]int{}}
}

// add counts c into d by its kind; a kind this version does not know is left out.
func add(d *kefu.BotDay, c kefu.BotEventCount) {
	fields := map[string]*int{
		kefu.BotEventStarted: &d.Started, kefu.BotEventResolved: &d.Resolved, kefu.BotEventAnswered: &d.Answered,
		kefu.BotEventSuggested: &d.Suggested, kefu.BotEventUnanswered: &d.Unanswered,
		kefu.BotEventHelpful: &d.Helpful, kefu.BotEventNotHelpful: &d.NotHelpful,
	}
	if f, ok := fields[c.Kind]; ok {
		*f += c.Count
	} else if c.Kind == kefu.BotEventHandoff {
		d.Handoffs[c.Reason] += c.Count
	}
}
