package kefu

import "time"

// ChannelType names the kind of channel an inbox is connected to.
type ChannelType string

// Channel types: the web widget, and the channels an adapter of internal/channel serves.
const (
	ChannelWeb      ChannelType = "web"
	ChannelEmail    ChannelType = "email"
	ChannelTelegram ChannelType = "telegram"
	ChannelAPI      ChannelType = "api"
	// ChannelWeChat is a WeChat Official Account (公众号); ChannelWeCom a WeCom customer-service
	// account (企业微信 · 微信客服); ChannelMiniProgram a mini program's customer-service messages.
	ChannelWeChat      ChannelType = "wechat"
	ChannelWeCom       ChannelType = "wecom"
	ChannelMiniProgram ChannelType = "miniprogram"
)

// ChannelTypes lists every channel type an inbox may be created with, in the order the
// workspace offers them. A function, so no caller can change the list for everyone.
func ChannelTypes() []ChannelType {
	return []ChannelType{ChannelWeb, ChannelWeChat, ChannelWeCom, ChannelMiniProgram, ChannelEmail, ChannelTelegram, ChannelAPI}
}

// Valid reports whether t is a channel type kefu knows.
func (t ChannelType) Valid() bool {
	for _, c := range ChannelTypes() {
		if c == t {
			return true
		}
	}
	return false
}

// Inbox is one channel instance: a web widget on one site, one WeChat account, one mailbox.
type Inbox struct {
	ID              string         `json:"id"`
	OrgID           string         `json:"org_id"`
	Name            string         `json:"name"`
	Channel         ChannelType    `json:"channel"`
	WidgetKey       string         `json:"widget_key"`      // public key the embed snippet carries
	AllowedOrigins  []string       `json:"allowed_origins"` // origins that may embed the widget; empty = any
	Greeting        string         `json:"greeting"`
	IdentitySecret  string         `json:"-"`                                          // HMAC key for verified visitor identity
	EnforceIdentity bool           `json:"enforce_identity"`                           // refuse unsigned setUser calls
	MemberIDs       []string       `json:"member_ids"`                                 // agents who answer it; empty = every agent
	TeamIDs         []string       `json:"team_ids"`                                   // teams it is attached to, for team scoping
	Widget          WidgetSettings `json:"widget"`                                     // how the web widget looks and greets
	PIIPolicy       PIIPolicy      `json:"pii_policy" enum:"off,mask,mask_at_storage"` // how personal data in customers' messages is masked
	Routing         InboxRouting   `json:"routing"`                                    // business hours and queue limit
	Bot             BotSettings    `json:"bot"`                                        // the knowledge-base bot
	// Config is how the inbox reaches its platform (mail servers, bot, callback URL); empty for
	// a web inbox. Secrets are its credentials: stored sealed, never returned by the API.
	Config    ChannelConfig  `json:"config"`
	Secrets   ChannelSecrets `json:"-"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
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

// CheckOrigin refuses a browser page at origin that AllowsOrigin does not admit, with an error
// naming the setting to change. origin "" (no browser page, or kefu's own) is always admitted.
func (in *Inbox) CheckOrigin(origin string) error {
	if origin == "" || in.AllowsOrigin(origin) {
		return nil
	}
	return Errorf(CodeOriginNotAllowed,
		"origin %q is not in this inbox's allowed_origins; an administrator adds it in the inbox settings to embed the widget there", origin)
}

// WidgetSettings configure the web widget of an inbox.
type WidgetSettings struct {
	Color       string      `json:"color"`        // launcher and header colour, #RRGGBB
	AwayMessage string      `json:"away_message"` // shown when no agent is available
	Locale      string      `json:"locale"`       // "" = the visitor's browser language
	PreChat     PreChatForm `json:"pre_chat"`
	// Translations give the greeting and the away message per language (a locale of
	// Locales()); a visitor whose language has none gets the inbox's greeting and AwayMessage.
	Translations map[string]WidgetTexts `json:"translations,omitempty" maxProperties:"10" doc:"Greeting and away message per language (en, zh-CN); the inbox's greeting and away_message are the default"`
	Triggers     []Trigger              `json:"triggers,omitempty" maxItems:"20" doc:"Proactive messages, evaluated in order; the first that fires wins"`
}

// WidgetTexts are the words of the widget an administrator writes, in one language. An empty
// text falls back to the default.
type WidgetTexts struct {
	Greeting    string `json:"greeting,omitempty" maxLength:"1000"`
	AwayMessage string `json:"away_message,omitempty" maxLength:"1000"`
}

// PreChatForm asks visitors a few questions before their first message.
type PreChatForm struct {
	Enabled bool           `json:"enabled"`
	Fields  []PreChatField `json:"fields"`
}

// PreChatField is one question of the pre-chat form.
type PreChatField struct {
	Name     string   `json:"name"` // one of PreChatFieldNames()
	Required bool     `json:"required"`
	Options  []string `json:"options,omitempty"` // the choices of inquiry_type
}

// PreChatFieldNames returns the questions a pre-chat form may ask. A function, so no caller can
// change the list for everyone.
func PreChatFieldNames() []string { return []string{"name", "email", "phone", "inquiry_type"} }

// DefaultWidgetSettings are the settings of a new web inbox.
func DefaultWidgetSettings() WidgetSettings {
	return WidgetSettings{Color: "#1F93FF", PreChat: PreChatForm{Fields: []PreChatField{}}}
}
