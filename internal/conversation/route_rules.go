package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/hours"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// inboxOpen reports whether the inbox's business hours are open at now.
func (s *Service) inboxOpen(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox, now time.Time) bool {
	cal := s.calendar(ctx, org, inbox)
	return cal == nil || cal.Open(now)
}

// calendar is the inbox's business-hours calendar, nil when it has none or it does not load (a
// time zone this system lacks): refusing every visitor for a setting is worse than answering
// outside hours, and the inbox editor validates the zone. Zones are kept loaded in s.zones, as
// every start and every drain asks.
func (s *Service) calendar(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox) *hours.Calendar {
	if !inbox.Routing.BusinessHours.Enabled {
		return nil
	}
	cal, err := s.zones.New(inbox.Routing.BusinessHours, org.Settings.Timezone)
	if err != nil {
		s.log.WarnContext(ctx, "business hours do not load; treated as open", "inbox_id", inbox.ID, "err", err)
		return nil
	}
	return cal
}

// attrs is what the rules look at for c, from c, its inbox and its contact (read here when
// the caller has not already: nil).
func (s *Service) attrs(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox, c *kefu.Conversation, contact *kefu.Contact) (routing.Attrs, error) {
	if contact == nil {
		var err error
		if contact, err = s.store.GetContact(ctx, c.OrgID, c.ContactID); err != nil {
			return routing.Attrs{}, err
		}
	}
	return routing.Attrs{
		InboxID: inbox.ID, Channel: inbox.Channel, InquiryType: c.InquiryType, Region: c.Region,
		Language: c.Language, ContactLevel: contact.Level, Labels: c.Labels,
		HoursOpen: s.inboxOpen(ctx, org, inbox, s.now()), Emotion: c.Emotion,
	}, nil
}

// matchRule finds the rule for c and applies what matching does to a conversation: the rule
// is recorded and the priority raised to the rule's, never lowered. contact may be nil.
func (s *Service) matchRule(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox, c *kefu.Conversation, contact *kefu.Contact) (kefu.RoutingRule, error) {
	rules, err := s.store.ListRoutingRules(ctx, org.ID)
	if err != nil {
		return kefu.RoutingRule{}, err
	}
	a, err := s.attrs(ctx, org, inbox, c, contact)
	if err != nil {
		return kefu.RoutingRule{}, err
	}
	rule := routing.Match(rules, a)
	c.RoutingRuleID = rule.ID
	c.Priority = routing.RaisePriority(c.Priority, rule.Priority)
	return rule, nil
}

// ruleByID is the rule of rules with id, or the match for c when it has none (rules changed
// since it was routed, or it never was).
func ruleByID(rules []kefu.RoutingRule, id string) (kefu.RoutingRule, bool) {
	for _, r := range rules {
		if id != "" && r.ID == id {
			return r, true
		}
	}
	return kefu.RoutingRule{}, false
}
