package kefu

import "time"

// Org is an organisation: the tenant every other row belongs to.
type Org struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Settings  OrgSettings `json:"settings"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// OrgSettings are the organisation-wide preferences an owner or admin edits.
type OrgSettings struct {
	Locale   string `json:"locale"`   // default UI and widget locale: "zh-CN" or "en"
	Timezone string `json:"timezone"` // IANA name, e.g. "Asia/Shanghai"
	// AutoAssign turns on the first assignment rule for new visitor conversations.
	AutoAssign bool `json:"auto_assign"`
	// PasswordMinLength raises the fewest characters of the organisation's new passwords above
	// the server's password_min_length; 0 (or anything lower) keeps the server's.
	PasswordMinLength int `json:"password_min_length,omitempty"`
	// TeamScoping narrows what agents without conversations.view_all see to their teams'
	// conversations and inboxes (see ConversationScope); the built-in agent role then loses
	// conversations.view_all.
	TeamScoping bool `json:"team_scoping"`
	// Require2FA sends agents without two-factor sign-in to enrol right after signing in;
	// changing it needs PermSecurityManage.
	Require2FA bool `json:"require_2fa,omitempty"`
	// AcceptTimeoutSeconds gives an automatically assigned conversation back to the queue (to
	// the next candidate) when its agent has not opened it within that time; 0 = never.
	AcceptTimeoutSeconds int `json:"accept_timeout_seconds,omitempty" minimum:"0" maximum:"3600"`
	// ReleaseOnAway gives an agent's open conversations that no agent has answered yet back
	// to the queue when the agent goes away or offline; false keeps them assigned.
	ReleaseOnAway bool `json:"release_on_away,omitempty"`
}

// DefaultOrgSettings are used for a new organisation.
func DefaultOrgSettings() OrgSettings {
	return OrgSettings{Locale: "zh-CN", Timezone: "Asia/Shanghai", AutoAssign: true}
}

// Locales returns the locales kefu ships translations for. A function, so no caller can change
// the list for everyone.
func Locales() []string { return []string{"zh-CN", "en"} }

// ValidLocale reports whether l is a supported locale.
func ValidLocale(l string) bool {
	for _, s := range Locales() {
		if l == s {
			return true
		}
	}
	return false
}
