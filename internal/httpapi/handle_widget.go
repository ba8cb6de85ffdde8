package httpapi

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type widgetUser struct {
	ID    string `json:"id" maxLength:"128" doc:"The host site's id for the signed-in customer"`
	Name  string `json:"name,omitempty" maxLength:"200"`
	Email string `json:"email,omitempty" maxLength:"200"`
	Phone string `json:"phone,omitempty" maxLength:"40"`
	Hash  string `json:"hash,omitempty" maxLength:"128" doc:"hex HMAC-SHA256(inbox identity secret, id), computed by the host site's server"`
	// Attributes are checked in the webchat service, not here, so that a malformed set is left
	// out with a warning rather than costing the visitor the chat.
	Attributes     map[string]string `json:"attributes,omitempty" doc:"What the host site says about the customer: up to 20 keys of a-z, 0-9 and _ (at most 40), values of at most 200 characters. level (e.g. vip), region and language route conversations; all are kept on the contact as signed_<key> when attributes_hash verifies, else as claimed_<key>"`
	AttributesHash string            `json:"attributes_hash,omitempty" maxLength:"128" doc:"hex HMAC-SHA256(inbox identity secret, id + each \"\\n\" + key=value sorted by key), computed by the host site's server"`
}

type widgetSessionInput struct {
	Body struct {
		WidgetKey  string            `json:"widget_key" maxLength:"100"`
		VisitorKey string            `json:"visitor_key,omitempty" maxLength:"128" doc:"The key from an earlier session of this browser"`
		User       *widgetUser       `json:"user,omitempty"`
		Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50" doc:"Page, referrer, browser and custom attributes"`
	}
}

// widgetInbox is the part of an inbox a visitor may see.
type widgetInbox struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Greeting string `json:"greeting"`
}

// widgetConfig is what the widget needs to draw itself: the inbox's public face, its widget
// settings and whether a live chat is possible now (else the widget offers the offline form).
type widgetConfig struct {
	Inbox      widgetInbox         `json:"inbox"`
	Widget     kefu.WidgetSettings `json:"widget"`
	Online     bool                `json:"online" doc:"An agent of the inbox is online and connected"`
	Open       bool                `json:"open" doc:"Inside the inbox's business hours (always true without hours)"`
	NextOpenAt *time.Time          `json:"next_open_at" doc:"When the inbox opens next; null while open or when it never does"`
	QueueFull  bool                `json:"queue_full" doc:"The inbox's queue holds its maximum of waiting conversations"`
	Available  bool                `json:"available" doc:"A live chat is possible now: open, an agent online, the queue not full. When false the widget shows the away message and the offline form, and a conversation started is an offline message marked for follow-up"`
	Bot        widgetBot           `json:"bot" doc:"The inbox's knowledge-base bot, as the widget needs it"`
}

// widgetBot is the part of an inbox's bot settings a visitor's widget needs: whether a
// conversation started now goes to the bot first (then the widget offers the chat, not the
// offline form, even while no one is available), its name and its "talk to a person" button.
type widgetBot struct {
	Active          bool   `json:"active" doc:"A conversation started now goes to the bot first: the widget lets the visitor chat even when available is false"`
	Name            string `json:"name" doc:"The bot's display name; empty: the widget says 智能助手 or Assistant"`
	HideHumanButton bool   `json:"hide_human_button" doc:"Hide the widget's 'talk to a person' button while the bot answers"`
}

// widgetBotOf says whether a conversation started now would go to the bot, from the
// availability the config reads anyway, as conversation.BotTakesNow decides at the start:
// when_busy is busy at least while no live chat is possible (closed, nobody online, the queue
// full). Its other tests (more than queue_threshold waiting, nobody with room) cost queries on
// every session and are left out: while a live chat is possible the widget offers the chat
// either way, so they change nothing it shows.
func widgetBotOf(b kefu.BotSettings, a conversation.Availability) widgetBot {
	return widgetBot{Active: conversation.BotTakes(b, a), Name: b.Name, HideHumanButton: b.HideHumanButton}
}

func (s *server) widgetConfigOf(ctx context.Context, inbox *kefu.Inbox) (widgetConfig, error) {
	a, err := s.Conversations.InboxAvailability(ctx, inbox)
	return widgetConfig{
		Inbox:  widgetInbox{ID: inbox.ID, Name: inbox.Name, Greeting: inbox.Greeting},
		Widget: inbox.Widget, Online: a.AgentsOnline, Open: a.Open, NextOpenAt: a.NextOpenAt,
		QueueFull: a.QueueFull, Available: a.Live(), Bot: widgetBotOf(inbox.Bot, a),
	}, err
}

type widgetConfigOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         widgetConfig
}

// widgetConfigFor is public: the widget draws its launcher before any session exists.
func (s *server) widgetConfigFor(ctx context.Context, in *struct {
	WidgetKey string `query:"widget_key" maxLength:"100" required:"true"`
}) (*widgetConfigOutput, error) {
	inbox, err := s.Admin.InboxByWidgetKey(ctx, in.WidgetKey)
	if err != nil {
		return nil, err
	}
	if err := inbox.CheckOrigin(originFrom(ctx)); err != nil {
		return nil, err
	}
	cfg, err := s.widgetConfigOf(ctx, inbox)
	if err != nil {
		return nil, err
	}
	return &widgetConfigOutput{CacheControl: "no-cache", Body: cfg}, nil
}

// widgetContact is the part of a contact the visitor may see: their own profile.
type widgetContact struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// widgetWarning names a part of the session request that was malformed and left out.
type widgetWarning struct {
	Field   string `json:"field" doc:"The request field, e.g. user.email or attributes"`
	Code    string `json:"code" doc:"Stable error code, e.g. invalid_input"`
	Message string `json:"message"`
}

type widgetSessionOutput struct {
	Body struct {
		Warnings   []widgetWarning `json:"warnings,omitempty" doc:"Malformed user fields or attributes that were left out; the session opened without them"`
		Token      string          `json:"token" doc:"Visitor bearer token for the widget endpoints and realtime"`
		ExpiresAt  time.Time       `json:"expires_at"`
		VisitorKey string          `json:"visitor_key" doc:"Keep in the browser to return as the same visitor"`
		Verified   bool            `json:"verified" doc:"True when the host site signed the visitor's identity"`
		Contact    widgetContact   `json:"contact"`
		widgetConfig
		widgetResume
	}
}

func (s *server) widgetSession(ctx context.Context, in *widgetSessionInput) (*widgetSessionOutput, error) {
	req := webchat.SessionRequest{
		WidgetKey: in.Body.WidgetKey, VisitorKey: in.Body.VisitorKey,
		Attributes: in.Body.Attributes, ClientIP: clientIPFrom(ctx), Origin: originFrom(ctx),
	}
	if u := in.Body.User; u != nil {
		req.User = &webchat.User{ID: u.ID, Name: u.Name, Email: u.Email, Phone: u.Phone, Hash: u.Hash, Attributes: u.Attributes, AttributesHash: u.AttributesHash}
	}
	sess, err := s.Webchat.Open(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &widgetSessionOutput{}
	b := &out.Body
	b.Token, b.ExpiresAt, b.VisitorKey, b.Verified = sess.Token, sess.ExpiresAt, sess.VisitorKey, sess.Verified
	b.Contact = widgetContact{ID: sess.Contact.ID, Name: sess.Contact.Name, Email: sess.Contact.Email, Phone: sess.Contact.Phone}
	for _, w := range sess.Warnings {
		b.Warnings = append(b.Warnings, widgetWarning{Field: w.Field, Code: string(w.Code), Message: w.Message})
	}
	if b.widgetConfig, err = s.widgetConfigOf(ctx, sess.Inbox); err != nil {
		return nil, err
	}
	if b.widgetResume, err = s.widgetResumeOf(ctx, sess); err != nil {
		return nil, err
	}
	return out, nil
}

type widgetConversationsOutput struct {
	Body struct {
		Conversations []*kefu.VisitorConversation `json:"conversations"`
	}
}

func (s *server) widgetConversations(ctx context.Context, _ *struct{}) (*widgetConversationsOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	convs, err := s.Conversations.VisitorConversations(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &widgetConversationsOutput{}
	out.Body.Conversations = make([]*kefu.VisitorConversation, 0, len(convs))
	for i := range convs {
		out.Body.Conversations = append(out.Body.Conversations, kefu.NewVisitorConversation(&convs[i]))
	}
	return out, nil
}

type widgetStartInput struct {
	Body struct {
		Message   *sendBody `json:"message,omitempty" doc:"Optional first message"`
		TriggerID string    `json:"trigger_id,omitempty" maxLength:"36" doc:"The inbox's proactive message the visitor answers: it becomes the conversation's first message"`
		Locale    string    `json:"locale,omitempty" maxLength:"10" doc:"The language the widget showed the proactive message in (en, zh-CN)"`
		// Routing attributes: what the visitor picked in the pre-chat form and the browser's
		// language. A region is taken only from inboxes that do not enforce signed identities.
		InquiryType string `json:"inquiry_type,omitempty" maxLength:"100" doc:"The pre-chat form's inquiry type, e.g. 退款"`
		Language    string `json:"language,omitempty" maxLength:"35" doc:"The browser's language, a BCP 47 tag such as zh-CN"`
		Region      string `json:"region,omitempty" maxLength:"100" doc:"A region the visitor named; ignored when the inbox enforces signed identities, where the region comes from the signed identity or the IP → region database"`
	}
}

type widgetStartOutput struct {
	Status int
	Body   struct {
		Conversation *kefu.VisitorConversation `json:"conversation"`
		Message      *kefu.VisitorMessage      `json:"message,omitempty"`
		Duplicate    bool                      `json:"duplicate" doc:"True when the first message's client_msg_id had already started this conversation: this is the original, and nothing new was created"`
	}
}

func (s *server) widgetStart(ctx context.Context, in *widgetStartInput) (*widgetStartOutput, error) {
	started := time.Now()
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := &in.Body
	req := conversation.StartRequest{
		TriggerID: b.TriggerID, Locale: b.Locale,
		InquiryType: b.InquiryType, Language: b.Language, Region: b.Region, ClientIP: clientAddr(ctx),
	}
	if m := in.Body.Message; m != nil {
		req.First = &kefu.SendRequest{ClientMsgID: m.ClientMsgID, Content: m.Content, Kind: m.Kind, AttachmentIDs: m.AttachmentIDs}
	}
	st, err := s.Conversations.StartForVisitor(ctx, actor, req)
	if err != nil {
		return nil, err
	}
	out := &widgetStartOutput{Status: http.StatusCreated}
	if st.Duplicate {
		out.Status = http.StatusOK
	}
	out.Body.Conversation, out.Body.Duplicate = kefu.NewVisitorConversation(st.Conversation), st.Duplicate
	if st.First != nil {
		out.Body.Message = s.visitorMessage(st.First)
		if !st.Duplicate {
			s.metrics.ObserveSend(st.First.SenderType, "rest", started)
		}
	}
	return out, nil
}

type widgetContactInput struct {
	Body struct {
		Name       *string           `json:"name,omitempty" maxLength:"200"`
		Email      *string           `json:"email,omitempty" maxLength:"200"`
		Phone      *string           `json:"phone,omitempty" maxLength:"40"`
		Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50" doc:"Merged; an empty value removes the key"`
	}
}

type widgetContactOutput struct {
	Body widgetContact
}

// widgetUpdateContact lets the visitor fill in their own profile: the pre-chat and offline
// forms and the JS API's setUser fields and setAttributes.
func (s *server) widgetUpdateContact(ctx context.Context, in *widgetContactInput) (*widgetContactOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := s.Contacts.UpdateOwn(ctx, actor, contact.Patch{Name: b.Name, Email: b.Email, Phone: b.Phone, Attributes: b.Attributes})
	if err != nil {
		return nil, err
	}
	return &widgetContactOutput{Body: widgetContact{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone}}, nil
}

type widgetQueueOutput struct {
	Body *conversation.QueueStatus
}

func (s *server) widgetQueue(ctx context.Context, in *idInput) (*widgetQueueOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.Conversations.Queue(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &widgetQueueOutput{Body: q}, nil
}

type widgetRatingInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Score   int    `json:"score" minimum:"1" maximum:"5" doc:"1 (very unhappy) to 5 (very happy)"`
		Comment string `json:"comment,omitempty" maxLength:"2000"`
	}
}

type widgetConversationOutput struct {
	Body *kefu.VisitorConversation
}

func (s *server) widgetRate(ctx context.Context, in *widgetRatingInput) (*widgetConversationOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.Rate(ctx, actor, in.ID, in.Body.Score, in.Body.Comment)
	if err != nil {
		return nil, err
	}
	return &widgetConversationOutput{Body: kefu.NewVisitorConversation(c)}, nil
}

// clientAddr is the request's client address (after trusted proxies) as the IP → region lookup
// takes it; the zero Addr when it is unknown.
func clientAddr(ctx context.Context) netip.Addr {
	a, _ := netip.ParseAddr(clientIPFrom(ctx))
	return a
}
