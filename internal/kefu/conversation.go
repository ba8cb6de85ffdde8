package kefu

import (
	"encoding/json"
	"time"
)

// Status is where a conversation stands.
type Status string

// Conversation statuses.
const (
	StatusOpen     Status = "open"
	StatusPending  Status = "pending" // waiting on the customer, or held by a bot
	StatusSnoozed  Status = "snoozed"
	StatusResolved Status = "resolved"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusOpen || s == StatusPending || s == StatusSnoozed || s == StatusResolved
}

// Priority orders conversations for agents.
type Priority string

// Priorities, lowest first.
const (
	PriorityNone   Priority = "none"
	PriorityLow    Priority = "low"
	PriorityMedium Priority = "medium"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	switch p {
	case PriorityNone, PriorityLow, PriorityMedium, PriorityHigh, PriorityUrgent:
		return true
	}
	return false
}

// Conversation is one thread between a contact and the business in one inbox.
type Conversation struct {
	ID         string   `json:"id"`
	OrgID      string   `json:"org_id"`
	InboxID    string   `json:"inbox_id"`
	ContactID  string   `json:"contact_id"`
	Status     Status   `json:"status"`
	AssigneeID string   `json:"assignee_id"` // "" when unassigned
	TeamID     string   `json:"team_id"`     // "" when no team
	Priority   Priority `json:"priority"`
	Labels     []string `json:"labels"`
	// Routing attributes: what the customer asks about (from the pre-chat form, the bot, the
	// API or an agent), their language and region. The contact's level is on the contact.
	InquiryType string `json:"inquiry_type" maxLength:"100"`
	Language    string `json:"language" maxLength:"35"`
	Region      string `json:"region" maxLength:"100"`
	// RoutingRuleID is the rule the router matched ("" before routing or for an agent-started
	// conversation); FollowUp marks an offline message the team must answer later.
	RoutingRuleID string `json:"routing_rule_id"`
	FollowUp      bool   `json:"follow_up"`
	// QueuedAt is when the conversation last re-entered the queue (given back by its agent);
	// nil: it queues from WaitingSince (see QueueTime). AssignedAt is when its current assignee
	// got it; nil while unassigned.
	QueuedAt   *time.Time `json:"queued_at"`
	AssignedAt *time.Time `json:"assigned_at"`
	// RequiredSkills is what a transfer to a skill asked for when nobody could take the
	// conversation at once: the queue offers it only to agents with these skills until one
	// takes it (then it is cleared). Empty for every other conversation.
	RequiredSkills []SkillRequirement `json:"required_skills,omitempty"`
	// BotState is where the conversation stands with the inbox's bot ("" when it never had
	// it); Emotion what the bot read in the customer's messages ("", negative or angry).
	BotState BotState `json:"bot_state" enum:",active,handed_off"`
	Emotion  string   `json:"emotion" enum:",negative,angry"`
	// LastSeq is the seq of the newest message; the next message gets LastSeq+1.
	LastSeq int64 `json:"last_seq"`
	// ContactLastReadSeq and AgentLastReadSeq are the read receipts of each side: every message
	// with seq at or below them has been read by that side. The agents' side is the one the
	// visitor sees: it moves when the assignee reads (anyone who sees it while unassigned).
	ContactLastReadSeq int64 `json:"contact_last_read_seq"`
	AgentLastReadSeq   int64 `json:"agent_last_read_seq"`
	// MyLastReadSeq is the requesting agent's own read marker (see ReadMarker), filled only in
	// an agent's REST reads: each agent's unread state is their own. Events, which every agent
	// shares, never carry it.
	MyLastReadSeq  int64      `json:"my_last_read_seq,omitempty" doc:"Your own read marker: messages up to this seq you have read"`
	LastActivityAt time.Time  `json:"last_activity_at"`
	WaitingSince   *time.Time `json:"waiting_since"` // set while the customer waits for a human reply
	SnoozedUntil   *time.Time `json:"snoozed_until"`
	Rating         *Rating    `json:"rating"` // the customer's satisfaction rating, once given
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	// LastMessage and Contact are filled on agents' list and single reads (not in events):
	// the newest message's preview (nil before the first) and who the conversation is with.
	LastMessage *MessagePreview `json:"last_message,omitempty"`
	Contact     *ContactSummary `json:"contact,omitempty"`
}

// Rating is a customer's satisfaction rating of a resolved conversation.
type Rating struct {
	Score   int       `json:"score" minimum:"1" maximum:"5"`
	Comment string    `json:"comment"`
	RatedAt time.Time `json:"rated_at"`
}

// Limits on ratings.
const (
	MinRatingScore   = 1
	MaxRatingScore   = 5
	MaxRatingComment = 2000
)

// SenderType says who wrote a message.
type SenderType string

// Sender types.
const (
	SenderContact SenderType = "contact"
	SenderAgent   SenderType = "agent"
	SenderBot     SenderType = "bot"
	SenderSystem  SenderType = "system"
)

// MessageKind says what a message is.
type MessageKind string

// Message kinds. Notes and activity events are private to agents and never reach the contact.
const (
	KindText  MessageKind = "text"
	KindImage MessageKind = "image"
	KindFile  MessageKind = "file"
	KindNote  MessageKind = "note"
	KindEvent MessageKind = "event"
)

// Valid reports whether k is a known message kind.
func (k MessageKind) Valid() bool {
	switch k {
	case KindText, KindImage, KindFile, KindNote, KindEvent:
		return true
	}
	return false
}

// Private reports whether messages of this kind are hidden from the contact: internal notes,
// and activity events (assignment, status changes) which are the agents' audit trail.
func (k MessageKind) Private() bool { return k == KindNote || k == KindEvent }

// CarriesAttachments reports whether messages of this kind may have attachments: an image or a
// file message is its attachments, and a note may add some; text and activity events never
// have any, so reading history need not look for theirs.
func (k MessageKind) CarriesAttachments() bool {
	return k == KindImage || k == KindFile || k == KindNote
}

// Limits on message input.
const (
	MaxContentBytes   = 16 << 10 // 16 KiB of text per message
	MaxClientMsgIDLen = 64
	MaxAttachments    = 10
)

// Message is one entry in a conversation. Seq is gap-free and increasing per conversation.
type Message struct {
	ID             string       `json:"id"`
	OrgID          string       `json:"org_id"`
	ConversationID string       `json:"conversation_id"`
	Seq            int64        `json:"seq"`
	SenderType     SenderType   `json:"sender_type"`
	SenderID       string       `json:"sender_id"`
	SenderName     string       `json:"sender_name"` // display name when written, so transcripts survive renames
	Kind           MessageKind  `json:"kind"`
	Content        string       `json:"content"`
	Attachments    []Attachment `json:"attachments"`
	ClientMsgID    string       `json:"client_msg_id"`
	CreatedAt      time.Time    `json:"created_at"`
	// Delivery is where an agent's reply to an external channel (email, Telegram, the API
	// channel) stands with its platform; nil for every other message, and for the web widget,
	// whose visitors receive messages from the realtime hub.
	Delivery *Delivery `json:"delivery,omitempty"`
	// PIIMasked is set on the agents' view of a message whose personal data was masked for
	// display (never stored): a hint that it may be revealed.
	PIIMasked bool `json:"pii_masked,omitempty"`
	// Bot is the card of a bot's message (answer, suggestions, hand-off…); nil for any other.
	Bot *BotCard `json:"bot,omitempty"`
}

// Attachment is an uploaded file. Its bytes live in blob storage under StorageKey.
type Attachment struct {
	ID             string     `json:"id"`
	OrgID          string     `json:"org_id"`
	ConversationID string     `json:"conversation_id"`
	MessageID      string     `json:"message_id"` // "" until a message uses it
	UploaderType   SenderType `json:"uploader_type"`
	UploaderID     string     `json:"uploader_id"`
	FileName       string     `json:"file_name"`
	ContentType    string     `json:"content_type"`
	Size           int64      `json:"size"`
	SHA256         string     `json:"sha256"`
	// Width and Height are an image's size in pixels, read from its header at upload, so
	// clients reserve its space before it loads; 0 when unknown.
	Width  int `json:"width"`
	Height int `json:"height"`
	// StorageKey is the blob's random name in blob storage; it never leaves the server.
	StorageKey string `json:"-"`
	// URL is the agents' download path; MarshalJSON derives it from ID.
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// AgentPath is where agents download the attachment. It answers only an agent of the
// organisation (session cookie, so <img> works in the workspace, or a bearer token); visitors
// get signed, expiring links instead (AttachmentLinker).
func (a Attachment) AgentPath() string { return "/api/v1/files/" + a.ID }

// MarshalJSON fills URL from the id, so no writer can forget it, and so an attachment read
// back from an older stored event (whose URL was a bearer link by storage key) is given the
// current path.
func (a Attachment) MarshalJSON() ([]byte, error) {
	type plain Attachment // drops the method set, so no recursion
	if a.ID != "" {
		a.URL = a.AgentPath()
	}
	return json.Marshal(plain(a))
}

// AttachmentLinker gives the URL a visitor downloads an attachment with: visitors have no
// session their browser could send with <img src>, so the link carries its own short-lived
// signature (internal/auth.FileLinks).
type AttachmentLinker interface {
	VisitorURL(a *Attachment) string
}

// MessagePreview is what a conversation list row shows of the conversation's newest message
// that is not an activity event: enough to tell what was said last, never the whole text.
type MessagePreview struct {
	Seq        int64       `json:"seq"`
	Kind       MessageKind `json:"kind" doc:"text, image, file or note (a private note)"`
	SenderType SenderType  `json:"sender_type"`
	// Text is the start of the message's text, masked for agents like the message itself;
	// empty for an image or file sent without text.
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
	PIIMasked bool      `json:"pii_masked,omitempty"`
}

// MaxPreviewRunes is how much of a message's text a preview carries.
const MaxPreviewRunes = 140

// ContactSummary is who a conversation is with, as a list row names them. An anonymous
// contact has no name or email; clients show "Visitor #Number" in their own language.
type ContactSummary struct {
	Name      string `json:"name"`
	Email     string `json:"email"`
	Number    int64  `json:"number"`
	PIIMasked bool   `json:"pii_masked,omitempty"`
}
