package kefu

import "time"

// Contact is a customer, possibly reached through several channels.
type Contact struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	// Number is the contact's short number within its organisation, given at creation; an
	// anonymous contact is shown as "Visitor #Number" while Name stays empty.
	Number     int64             `json:"number"`
	Name       string            `json:"name"`
	Email      string            `json:"email"`
	Phone      string            `json:"phone"`
	AvatarURL  string            `json:"avatar_url"`
	Level      string            `json:"level"`      // e.g. "vip": a routing condition, set by signed setUser, the API or an agent
	Attributes map[string]string `json:"attributes"` // custom attributes and what the widget reports (page, browser, ...)
	Identities []Identity        `json:"identities"`
	LastSeenAt *time.Time        `json:"last_seen_at"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	// PIIMasked is set on the agents' view of a contact whose fields were masked for display
	// (never stored): a hint that they may be revealed.
	PIIMasked bool `json:"pii_masked,omitempty"`
	// MergedInto is the contact this one was merged into ("" while it stands on its own): a
	// merged contact is kept, without identities or conversations, so the merge can be undone.
	MergedInto string `json:"merged_into,omitempty"`
}

// Identity ties a contact to an id on one channel. (org, channel, external id) is unique, so one
// customer can later be merged across channels.
type Identity struct {
	ID         string      `json:"id"`
	OrgID      string      `json:"org_id"`
	ContactID  string      `json:"contact_id"`
	Channel    ChannelType `json:"channel"`
	ExternalID string      `json:"external_id"`
	Verified   bool        `json:"verified"`
	CreatedAt  time.Time   `json:"created_at"`
}
