package admin

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Routing input limits besides those in package kefu.
const (
	maxSkillNameLen       = 40
	maxTargetSkills       = 10
	maxLanguageTagLen     = 35 // RFC 5646's practical maximum
	maxRoutingRuleNameLen = 100
)

// knownChannels are the channel types kefu has adapters for; a rule may only name these.
var knownChannels = []kefu.ChannelType{kefu.ChannelWeb}

// languageTag is the shape of a BCP 47 tag as people write them: a 2–3 letter language, then
// subtags (script, region, variant) of 1–8 letters or digits. Full registry checking would
// refuse tags browsers send; this refuses what is clearly not a tag.
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// cleanLanguages trims and checks language tags, dropping duplicates (ignoring case).
func cleanLanguages(field string, tags []string, max int) ([]string, error) {
	if len(tags) > max {
		return nil, kefu.FieldError(field, "%s may list at most %d languages", field, max)
	}
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for i, t := range tags {
		t = strings.TrimSpace(t)
		if len(t) > maxLanguageTagLen || !languageTag.MatchString(t) {
			return nil, kefu.FieldError(fmt.Sprintf("%s[%d]", field, i), "%q is not a language tag like en, zh-CN or zh-Hant-TW", t)
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// cleanSkillName trims a skill name and checks it is 1..40 characters of one-line text.
func cleanSkillName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > maxSkillNameLen {
		return "", kefu.FieldError(field, "a skill name must be 1 to %d characters", maxSkillNameLen)
	}
	return name, checkText(field, name, false)
}

// checkSkillLevel bounds a skill level to 1..5.
func checkSkillLevel(field string, level int) error {
	if level < kefu.MinSkillLevel || level > kefu.MaxSkillLevel {
		return kefu.FieldError(field, "a skill level must be %d to %d", kefu.MinSkillLevel, kefu.MaxSkillLevel)
	}
	return nil
}

// cleanSkills checks an agent's skills: at most 20, names unique ignoring case, levels 1–5.
func cleanSkills(field string, skills []kefu.Skill) ([]kefu.Skill, error) {
	if len(skills) > kefu.MaxSkillsPerAgent {
		return nil, kefu.FieldError(field, "an agent has at most %d skills", kefu.MaxSkillsPerAgent)
	}
	out := make([]kefu.Skill, 0, len(skills))
	seen := map[string]bool{}
	for i, sk := range skills {
		name, err := cleanSkillEntry(fmt.Sprintf("%s[%d]", field, i), "level", sk.Name, sk.Level, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, kefu.Skill{Name: name, Level: sk.Level})
	}
	return out, nil
}

// cleanRequirements checks a target's required skills: at most 10, unique, minimum level 1–5.
func cleanRequirements(field string, reqs []kefu.SkillRequirement) ([]kefu.SkillRequirement, error) {
	if len(reqs) > maxTargetSkills {
		return nil, kefu.FieldError(field, "a target requires at most %d skills", maxTargetSkills)
	}
	out := make([]kefu.SkillRequirement, 0, len(reqs))
	seen := map[string]bool{}
	for i, r := range reqs {
		name, err := cleanSkillEntry(fmt.Sprintf("%s[%d]", field, i), "min_level", r.Name, r.MinLevel, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, kefu.SkillRequirement{Name: name, MinLevel: r.MinLevel})
	}
	return out, nil
}

// cleanSkillEntry checks one skill of a list at path at: its name (unique in seen, ignoring
// case, as matching does) and its level, whose field is levelKey.
func cleanSkillEntry(at, levelKey, name string, level int, seen map[string]bool) (string, error) {
	name, err := cleanSkillName(at+".name", name)
	if err != nil {
		return "", err
	}
	if err := checkSkillLevel(at+"."+levelKey, level); err != nil {
		return "", err
	}
	k := strings.ToLower(name)
	if seen[k] {
		return "", kefu.FieldError(at+".name", "skill %q is listed twice", name)
	}
	seen[k] = true
	return name, nil
}

// cleanValues checks one condition's values (inquiry types, regions, contact levels, labels):
// at most kefu.MaxRuleValues, each 1..kefu.MaxRoutingAttr characters, duplicates (ignoring
// case, which matching ignores too) dropped.
func cleanValues(field string, values []string) ([]string, error) {
	if len(values) > kefu.MaxRuleValues {
		return nil, kefu.FieldError(field, "a condition lists at most %d values", kefu.MaxRuleValues)
	}
	out := []string{}
	seen := map[string]bool{}
	for i, v := range values {
		v, err := cleanName(fmt.Sprintf("%s[%d]", field, i), v, kefu.MaxRoutingAttr)
		if err != nil {
			return nil, err
		}
		if k := strings.ToLower(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// cleanChannels checks a condition's channels are ones kefu knows.
func cleanChannels(field string, chans []kefu.ChannelType) ([]kefu.ChannelType, error) {
	if len(chans) > kefu.MaxRuleValues {
		return nil, kefu.FieldError(field, "a condition lists at most %d values", kefu.MaxRuleValues)
	}
	out := []kefu.ChannelType{}
	for i, c := range chans {
		if !knownChannel(c) {
			return nil, kefu.FieldError(fmt.Sprintf("%s[%d]", field, i), "unknown channel %q", c)
		}
		if !containsChannel(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func knownChannel(c kefu.ChannelType) bool { return containsChannel(knownChannels, c) }

func containsChannel(list []kefu.ChannelType, c kefu.ChannelType) bool {
	for _, k := range list {
		if k == c {
			return true
		}
	}
	return false
}

// cleanConditions checks every condition of a rule; inboxes must be the organisation's.
func (s *Service) cleanConditions(ctx context.Context, orgID string, c kefu.RuleConditions) (kefu.RuleConditions, error) {
	var out kefu.RuleConditions
	var err error
	if out.InboxIDs, err = s.cleanRuleInboxes(ctx, orgID, c.InboxIDs); err != nil {
		return out, err
	}
	if out.Channels, err = cleanChannels("conditions.channels", c.Channels); err != nil {
		return out, err
	}
	if out.Languages, err = cleanLanguages("conditions.languages", c.Languages, kefu.MaxRuleValues); err != nil {
		return out, err
	}
	if c.BusinessHours != kefu.HoursAny && c.BusinessHours != kefu.HoursOpen && c.BusinessHours != kefu.HoursClosed {
		return out, kefu.FieldError("conditions.business_hours", "business_hours must be empty, open or closed")
	}
	out.BusinessHours = c.BusinessHours
	if out.Emotions, err = cleanEmotions(c.Emotions); err != nil {
		return out, err
	}
	return out, cleanTextConditions(&out, c)
}

// cleanEmotions checks the emotions condition: the bot's emotions, each once.
func cleanEmotions(list []string) ([]string, error) {
	var out []string
	for _, e := range list {
		if e != kefu.EmotionNegative && e != kefu.EmotionAngry {
			return nil, kefu.FieldError("conditions.emotions", "emotions must be negative or angry")
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// cleanTextConditions checks the free-text conditions of c into out.
func cleanTextConditions(out *kefu.RuleConditions, c kefu.RuleConditions) error {
	var err error
	if out.InquiryTypes, err = cleanValues("conditions.inquiry_types", c.InquiryTypes); err != nil {
		return err
	}
	if out.Regions, err = cleanValues("conditions.regions", c.Regions); err != nil {
		return err
	}
	if out.ContactLevels, err = cleanValues("conditions.contact_levels", c.ContactLevels); err != nil {
		return err
	}
	out.Labels, err = cleanValues("conditions.labels", c.Labels)
	return err
}

// emptyConditions reports whether c matches every conversation.
func emptyConditions(c kefu.RuleConditions) bool {
	return len(c.InboxIDs)+len(c.Channels)+len(c.InquiryTypes)+len(c.Regions)+len(c.Languages)+
		len(c.ContactLevels)+len(c.Labels)+len(c.Emotions) == 0 && c.BusinessHours == kefu.HoursAny
}

// cleanRuleInboxes checks the ids name inboxes of the organisation.
func (s *Service) cleanRuleInboxes(ctx context.Context, orgID string, ids []string) ([]string, error) {
	const field = "conditions.inbox_ids"
	if len(ids) > kefu.MaxRuleValues {
		return nil, kefu.FieldError(field, "a condition lists at most %d values", kefu.MaxRuleValues)
	}
	ids, err := cleanIDs(field, ids)
	if err != nil || len(ids) == 0 {
		return []string{}, err
	}
	inboxes, err := s.store.ListInboxes(ctx, orgID)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(inboxes))
	for _, in := range inboxes {
		known[in.ID] = true
	}
	for _, id := range ids {
		if !known[id] {
			return nil, kefu.FieldError(field, "no inbox %s in this organisation", id)
		}
	}
	return ids, nil
}

// cleanTarget checks a rule's target: the team is the organisation's, the skills are sane, the
// policy known and sticky days in range.
func (s *Service) cleanTarget(ctx context.Context, orgID string, t kefu.RoutingTarget) (kefu.RoutingTarget, error) {
	var err error
	if err = s.checkRuleTeam(ctx, orgID, "target.team_id", t.TeamID); err != nil {
		return t, err
	}
	if t.Skills, err = cleanRequirements("target.skills", t.Skills); err != nil {
		return t, err
	}
	if !t.Policy.Valid() {
		return t, kefu.FieldError("target.policy", "policy must be round_robin, least_loaded or manual")
	}
	if t.StickyDays < 0 || t.StickyDays > kefu.MaxStickyDays {
		return t, kefu.FieldError("target.sticky_days", "sticky_days must be 0 (30 days) to %d", kefu.MaxStickyDays)
	}
	return t, nil
}

// checkRuleTeam checks id is "" or a team of the organisation.
func (s *Service) checkRuleTeam(ctx context.Context, orgID, field, id string) error {
	if id == "" {
		return nil
	}
	if !kefu.ValidID(id) {
		return kefu.FieldError(field, "%q is not a valid id", id)
	}
	if _, err := s.store.GetTeam(ctx, orgID, id); kefu.ErrorCode(err) == kefu.CodeNotFound {
		return kefu.FieldError(field, "no team %s in this organisation", id)
	} else if err != nil {
		return err
	}
	return nil
}

// cleanOverflow checks an overflow: its wait is 1 s to 24 h and it widens something.
func (s *Service) cleanOverflow(ctx context.Context, orgID string, o *kefu.Overflow) (*kefu.Overflow, error) {
	if o == nil {
		return nil, nil
	}
	if o.AfterSeconds < 1 || o.AfterSeconds > kefu.MaxOverflowSeconds {
		return nil, kefu.FieldError("overflow.after_seconds", "after_seconds must be 1 to %d", kefu.MaxOverflowSeconds)
	}
	if err := s.checkRuleTeam(ctx, orgID, "overflow.team_id", o.TeamID); err != nil {
		return nil, err
	}
	if o.TeamID == "" && !o.DropSkills {
		return nil, kefu.FieldError("overflow", "an overflow must name a fallback team or drop the skill requirement")
	}
	c := *o
	return &c, nil
}

// cleanPriority accepts a known priority; "" means none.
func cleanPriority(p kefu.Priority) (kefu.Priority, error) {
	if p == "" {
		return kefu.PriorityNone, nil
	}
	if !p.Valid() {
		return p, kefu.FieldError("priority", "priority must be none, low, medium, high or urgent")
	}
	return p, nil
}
