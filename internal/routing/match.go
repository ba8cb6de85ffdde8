package routing

import (
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Attrs is what rules look at: the conversation's routing attributes at routing time.
type Attrs struct {
	InboxID      string
	Channel      kefu.ChannelType
	InquiryType  string
	Region       string
	Language     string
	ContactLevel string
	Labels       []string
	HoursOpen    bool   // the inbox's business hours are open now
	Emotion      string // what the bot read in the customer's messages ("", negative, angry)
}

// Match returns the first enabled rule, in position order, whose conditions a meets; when none
// does, the default rule of rules, or kefu.DefaultRoutingRule when rules has none (an
// organisation that never edited its rules). rules is not modified.
func Match(rules []kefu.RoutingRule, a Attrs) kefu.RoutingRule {
	ordered := slices.Clone(rules)
	slices.SortStableFunc(ordered, func(x, y kefu.RoutingRule) int { return x.Position - y.Position })
	for _, r := range ordered {
		if r.Enabled && !r.IsDefault && Meets(r.Conditions, a) {
			return r
		}
	}
	return defaultRule(ordered)
}

// defaultRule is the list's default rule, or the built-in one carrying the list's organisation.
func defaultRule(rules []kefu.RoutingRule) kefu.RoutingRule {
	orgID := ""
	for _, r := range rules {
		if r.IsDefault {
			return r
		}
		orgID = r.OrgID
	}
	return kefu.DefaultRoutingRule(orgID)
}

// Meets reports whether a meets every non-empty condition of c (AND across fields, OR within
// one). Empty conditions match everything.
func Meets(c kefu.RuleConditions, a Attrs) bool {
	return listHas(c.InboxIDs, a.InboxID) &&
		channelsHave(c.Channels, a.Channel) &&
		listHas(c.InquiryTypes, a.InquiryType) &&
		listHas(c.Regions, a.Region) &&
		languagesCover(c.Languages, a.Language) &&
		listHas(c.ContactLevels, a.ContactLevel) &&
		labelsOverlap(c.Labels, a.Labels) &&
		hoursMeet(c.BusinessHours, a.HoursOpen) &&
		listHas(c.Emotions, a.Emotion)
}

// listHas: an empty condition holds; otherwise value must be one of the listed ones.
func listHas(list []string, value string) bool {
	return len(list) == 0 || anySame(list, value)
}

func channelsHave(list []kefu.ChannelType, ch kefu.ChannelType) bool {
	if len(list) == 0 {
		return true
	}
	for _, c := range list {
		if sameText(string(c), string(ch)) {
			return true
		}
	}
	return false
}

// languagesCover matches by prefix: the rule's "en" takes a conversation in en-GB.
func languagesCover(list []string, lang string) bool {
	if len(list) == 0 {
		return true
	}
	for _, l := range list {
		if langCovers(l, lang) {
			return true
		}
	}
	return false
}

// labelsOverlap: the conversation has any of the rule's labels.
func labelsOverlap(list, labels []string) bool {
	if len(list) == 0 {
		return true
	}
	for _, l := range labels {
		if anySame(list, l) {
			return true
		}
	}
	return false
}

func hoursMeet(c kefu.HoursCondition, open bool) bool {
	switch c {
	case kefu.HoursOpen:
		return open
	case kefu.HoursClosed:
		return !open
	}
	return true
}
