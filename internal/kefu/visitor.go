package kefu

import "time"

// What a visitor may see. Every transport that answers a visitor (the widget's REST endpoints,
// WebSocket and SSE frames, and later the channels) projects through these, so no transport can
// show a visitor more than another.

// VisitorMessage is the part of a message a visitor may see: no org, sender or attachment
// owner ids. Private messages (notes) are never projected at all.
type VisitorMessage struct {
	ID             string              `json:"id"`
	ConversationID string              `json:"conversation_id"`
	Seq            int64               `json:"seq"`
	SenderType     SenderType          `json:"sender_type"`
	SenderName     string              `json:"sender_name"`
	Kind           MessageKind         `json:"kind"`
	Content        string              `json:"content"`
	Attachments    []VisitorAttachment `json:"attachments"`
	ClientMsgID    string              `json:"client_msg_id"`
	CreatedAt      time.Time           `json:"created_at"`
	Bot            *BotCard            `json:"bot,omitempty" doc:"A bot message's card: answer, suggestions, hand-off"`
}

// VisitorAttachment is the part of an attachment a visitor may see.
type VisitorAttachment struct {
	ID          string `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Width       int    `json:"width"` // an image's pixels, 0 when unknown (see Attachment)
	Height      int    `json:"height"`
	URL         string `json:"url,omitempty"` // signed download URL when the service filled it
}

// VisitorConversation is the part of a conversation a visitor may see: no labels, priority,
// assignee, team or org.
type VisitorConversation struct {
	ID                 string    `json:"id"`
	InboxID            string    `json:"inbox_id"`
	Status             Status    `json:"status"`
	LastSeq            int64     `json:"last_seq"`
	ContactLastReadSeq int64     `json:"contact_last_read_seq"`
	AgentLastReadSeq   int64     `json:"agent_last_read_seq"`
	LastActivityAt     time.Time `json:"last_activity_at"`
	CreatedAt          time.Time `json:"created_at"`
	Rating             *Rating   `json:"rating"` // the visitor's own rating, once given
	OfflineMessage     bool      `json:"offline_message" doc:"Started while no agent was online: the team replies later (the widget says by which channel)"`
	BotState           BotState  `json:"bot_state" enum:",active,handed_off" doc:"active: the bot answers (the widget shows its 'talk to a person' button)"`
}

// VisitorTyping is a typing indicator as the visitor sees it: who by kind and display name only.
type VisitorTyping struct {
	SenderType SenderType `json:"sender_type"`
	Name       string     `json:"name,omitempty"`
	Typing     bool       `json:"typing"`
}

// NewVisitorMessage projects m for a visitor. It does not check privacy: callers drop private
// messages (m.Kind.Private()) before projecting. Every transport uses it, so visitors see one shape
// whichever way they are connected.
func NewVisitorMessage(m *Message, links AttachmentLinker) *VisitorMessage {
	atts := make([]VisitorAttachment, 0, len(m.Attachments))
	for i := range m.Attachments {
		atts = append(atts, *NewVisitorAttachment(&m.Attachments[i], links))
	}
	return &VisitorMessage{
		ID: m.ID, ConversationID: m.ConversationID, Seq: m.Seq, SenderType: m.SenderType,
		SenderName: m.SenderName, Kind: m.Kind, Content: m.Content, Attachments: atts,
		ClientMsgID: m.ClientMsgID, CreatedAt: m.CreatedAt, Bot: m.Bot,
	}
}

// NewVisitorConversation projects c for a visitor.
func NewVisitorConversation(c *Conversation) *VisitorConversation {
	return &VisitorConversation{
		ID: c.ID, InboxID: c.InboxID, Status: c.Status, LastSeq: c.LastSeq,
		ContactLastReadSeq: c.ContactLastReadSeq, AgentLastReadSeq: c.AgentLastReadSeq,
		LastActivityAt: c.LastActivityAt, CreatedAt: c.CreatedAt, Rating: c.Rating,
		OfflineMessage: c.LeftOffline(), BotState: c.BotState,
	}
}

// NewVisitorTyping projects a typing indicator for a visitor.
func NewVisitorTyping(t *Typing) *VisitorTyping {
	return &VisitorTyping{SenderType: t.SenderType, Name: t.Name, Typing: t.Typing}
}

// NewVisitorAttachment projects an attachment for a visitor, with a signed download URL from
// links (none when links is nil: the agents' URL never reaches a visitor).
func NewVisitorAttachment(a *Attachment, links AttachmentLinker) *VisitorAttachment {
	url := ""
	if links != nil && a.ID != "" {
		url = links.VisitorURL(a)
	}
	return &VisitorAttachment{ID: a.ID, FileName: a.FileName, ContentType: a.ContentType, Size: a.Size,
		Width: a.Width, Height: a.Height, URL: url}
}
