package kefu

import "time"

// ChannelType names the kind of channel an inbox is connected to.
type ChannelType string

// Channel types. Only the web widget exists so far; the others arrive with their adapters.
const (
	ChannelWeb ChannelType = "web"
)

// Inbox is one channel instance: a web widget on one site, one WeChat account, one mailbox.
type Inbox struct {
	ID              string      `json:"id"`
	OrgID           string      `json:"org_id"`
	Name            string      `json:"name"`
	Channel         ChannelType `json:"channel"`
	WidgetKey       string      `json:"widget_key"`      // public key the embed snippet carries
	AllowedOrigins  []string    `json:"allowed_origins"` // origins that may embed the widget; empty = any
	Greeting        string      `json:"greeting"`
	IdentitySecret  string      `json:"-"`                // HMAC key for verified visitor identity
	EnforceIdentity bool        `json:"enforce_identity"` // refuse unsigned setUser calls
	MemberIDs       []string    `json:"member_ids"`       // agents who answer it; empty = every agent
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
}

// AllowsOrigin reports whether a page at origin may embed this inbox's widget.
func (in *Inbox) AllowsOrigin(origin string) bool {
	if len(in.AllowedOrigins) == 0 {
		return true
	}
	for _, o := range in.AllowedOrigins {
		if o == "*" || o == origin {
			return true
		}
	}
	return false
}
