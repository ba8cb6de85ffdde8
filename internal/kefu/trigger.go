package kefu

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Trigger is a proactive message of an inbox's widget: when every condition holds for a visitor
// who has no conversation going on, the widget opens (or, on a phone, shows a preview) with the
// message, as if the team had written first. The widget evaluates the conditions; the server
// only keeps them and, when the visitor replies, writes the message as the conversation's first.
type Trigger struct {
	ID         string            `json:"id,omitempty" maxLength:"36" doc:"Assigned by the server when empty; keeps the once-per-visitor memory across edits"`
	Name       string            `json:"name" maxLength:"100" doc:"Shown to agents: the conversation began from this trigger"`
	Enabled    bool              `json:"enabled"`
	Conditions TriggerConditions `json:"conditions"`
	Message    TriggerMessage    `json:"message"`
	// SenderAgentID, when set, shows the message as from this agent (name); otherwise from the
	// inbox. Either way it is stored as a bot message: no human wrote it.
	SenderAgentID string `json:"sender_agent_id,omitempty" maxLength:"36"`
	SenderName    string `json:"sender_name,omitempty" maxLength:"200" doc:"Set by the server: the chosen agent's name when the trigger was saved"`
}

// TriggerConditions must all hold for a trigger to fire. Zero values are "any".
type TriggerConditions struct {
	URL          *URLCondition `json:"url,omitempty"`
	TimeOnPage   int           `json:"time_on_page,omitempty" minimum:"0" maximum:"3600" doc:"Seconds the page has been visible"`
	VisitCount   int           `json:"visit_count,omitempty" minimum:"0" maximum:"1000" doc:"The visitor's visits to the site, this one included"`
	Language     string        `json:"language,omitempty" doc:"en, zh-CN, or empty for any"`
	AgentsOnline bool          `json:"agents_online,omitempty" doc:"Only while an agent of the inbox is online"`
}

// URLCondition matches the host page's address. A value starting with "/" (a regex: "/" or "^/") is compared with the
// page's path, query and fragment; any other with the whole URL.
type URLCondition struct {
	Op    URLOp  `json:"op" doc:"contains, equals, starts_with or regex"`
	Value string `json:"value" maxLength:"500"`
}

// URLOp is how a URLCondition compares.
type URLOp string

// The URL operators. The widget implements the same four (web/widget/src/core/triggers.ts).
const (
	URLContains   URLOp = "contains"
	URLEquals     URLOp = "equals"
	URLStartsWith URLOp = "starts_with"
	URLRegex      URLOp = "regex"
)

// TriggerMessage is the message in each language; Default is for every other one.
type TriggerMessage struct {
	Default string `json:"default" maxLength:"2000"`
	En      string `json:"en,omitempty" maxLength:"2000"`
	ZhCN    string `json:"zh-CN,omitempty" maxLength:"2000"`
}

// For returns the message for a visitor whose widget speaks locale.
func (m TriggerMessage) For(locale string) string {
	switch {
	case locale == "en" && m.En != "":
		return m.En
	case locale == "zh-CN" && m.ZhCN != "":
		return m.ZhCN
	}
	return m.Default
}

// Limits on triggers.
const (
	MaxTriggers          = 20
	MaxTriggerNameLen    = 100
	MaxTriggerMessageLen = 2000
	MaxURLValueLen       = 500
	MaxURLRegexLen       = 200
	MaxTimeOnPage        = 3600
	MaxVisitCount        = 1000
)

// TriggerByID returns the inbox's trigger with id, nil when there is none.
func (w *WidgetSettings) TriggerByID(id string) *Trigger {
	for i := range w.Triggers {
		if w.Triggers[i].ID == id {
			return &w.Triggers[i]
		}
	}
	return nil
}

// CheckTriggers validates an inbox's triggers, naming the offending field as
// widget.triggers[i].<field>. It leaves ids and sender names to the caller.
func CheckTriggers(ts []Trigger) error {
	if len(ts) > MaxTriggers {
		return FieldError("widget.triggers", "an inbox has at most %d triggers", MaxTriggers)
	}
	seen := map[string]bool{}
	for i := range ts {
		field := fmt.Sprintf("widget.triggers[%d]", i)
		if id := ts[i].ID; id != "" && seen[id] {
			return FieldError(field+".id", "trigger id %q is used twice", id)
		}
		seen[ts[i].ID] = true
		if err := ts[i].check(field); err != nil {
			return err
		}
	}
	return nil
}

func (t *Trigger) check(field string) error {
	if t.ID != "" && !ValidID(t.ID) {
		return FieldError(field+".id", "a trigger id is a UUID; leave it empty for a new trigger")
	}
	if t.SenderAgentID != "" && !ValidID(t.SenderAgentID) {
		return FieldError(field+".sender_agent_id", "sender_agent_id must be an agent's id or empty")
	}
	t.Name = strings.TrimSpace(t.Name)
	if n := utf8.RuneCountInString(t.Name); n < 1 || n > MaxTriggerNameLen {
		return FieldError(field+".name", "a trigger's name must be 1 to %d characters", MaxTriggerNameLen)
	}
	if err := t.Conditions.check(field + ".conditions"); err != nil {
		return err
	}
	return t.Message.check(field + ".message")
}

func (c *TriggerConditions) check(field string) error {
	switch {
	case c.TimeOnPage < 0 || c.TimeOnPage > MaxTimeOnPage:
		return FieldError(field+".time_on_page", "time_on_page must be 0 to %d seconds", MaxTimeOnPage)
	case c.VisitCount < 0 || c.VisitCount > MaxVisitCount:
		return FieldError(field+".visit_count", "visit_count must be 0 to %d", MaxVisitCount)
	case c.Language != "" && !ValidLocale(c.Language):
		return FieldError(field+".language", "language must be en, zh-CN or empty (any)")
	}
	if c.URL == nil {
		return nil
	}
	return c.URL.check(field + ".url")
}

func (u *URLCondition) check(field string) error {
	if strings.TrimSpace(u.Value) == "" || utf8.RuneCountInString(u.Value) > MaxURLValueLen || !utf8.ValidString(u.Value) {
		return FieldError(field+".value", "the URL to match must be 1 to %d characters", MaxURLValueLen)
	}
	switch u.Op {
	case URLContains, URLEquals, URLStartsWith:
		return nil
	case URLRegex:
		return checkPortableRegex(field+".value", u.Value)
	}
	return FieldError(field+".op", "op must be contains, equals, starts_with or regex")
}

// checkPortableRegex accepts a pattern that Go's RE2 compiles and that means the same to the
// widget's JavaScript RegExp: RE2-only syntax (flags, named groups in Go's spelling, \A, \z,
// \Q…\E, POSIX classes, \p) is refused rather than silently matching differently in browsers.
// RE2 has no backtracking, and the length cap keeps the browser's engine quick on a URL too.
func checkPortableRegex(field, pattern string) error {
	if len(pattern) > MaxURLRegexLen {
		return FieldError(field, "a regex is at most %d characters", MaxURLRegexLen)
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return FieldError(field, "the regex does not compile: %s", regexError(err))
	}
	for _, bad := range []string{`\A`, `\z`, `\Q`, `\E`, `[[:`, `\p`, `\P`, `\C`} {
		if strings.Contains(pattern, bad) {
			return FieldError(field, "the regex uses %s, which browsers read differently; use simpler syntax", bad)
		}
	}
	if strings.Contains(strings.ReplaceAll(pattern, "(?:", ""), "(?") {
		return FieldError(field, "the regex uses (?…) flags or named groups, which browsers read differently; only (?:…) is allowed")
	}
	return nil
}

// regexError is the compiler's complaint without the pattern it quotes back.
func regexError(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return string(se.Code)
	}
	return "invalid pattern"
}

func (m *TriggerMessage) check(field string) error {
	for _, f := range []struct {
		name string
		text *string
	}{{"default", &m.Default}, {"en", &m.En}, {"zh-CN", &m.ZhCN}} {
		*f.text = strings.TrimSpace(*f.text)
		if utf8.RuneCountInString(*f.text) > MaxTriggerMessageLen || !utf8.ValidString(*f.text) || strings.IndexByte(*f.text, 0) >= 0 {
			return FieldError(field+"."+f.name, "a message must be at most %d characters of text", MaxTriggerMessageLen)
		}
	}
	if m.Default == "" {
		return FieldError(field+".default", "a trigger needs a message for every language (default)")
	}
	return nil
}
