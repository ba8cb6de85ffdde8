package realtime

import (
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// VisitorMessage is the part of a message a visitor may see: no org, sender or attachment
// owner ids. Private messages (notes) are never projected at all.
type VisitorMessage struct {
	ID             string              `json:"id"`
	ConversationID string              `json:"conversation_id"`
	Seq            int64               `json:"seq"`
	SenderType     kefu.SenderType     `json:"sender_type"`
	SenderName     string              `json:"sender_name"`
	Kind           kefu.MessageKind    `json:"kind"`
	Content        string              `json:"content"`
	Attachments    []VisitorAttachment `json:"attachments"`
	ClientMsgID    string              `json:"client_msg_id"`
	CreatedAt      time.Time           `json:"created_at"`
}

// VisitorAttachment is the part of an attachment a visitor may see.
type VisitorAttachment struct {
	ID          string `json:"id"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url,omitempty"` // signed download URL when the service filled it
}

// VisitorConversation is the part of a conversation a visitor may see: no labels, priority,
// assignee, team or org.
type VisitorConversation struct {
	ID                 string       `json:"id"`
	InboxID            string       `json:"inbox_id"`
	Status             kefu.Status  `json:"status"`
	LastSeq            int64        `json:"last_seq"`
	ContactLastReadSeq int64        `json:"contact_last_read_seq"`
	AgentLastReadSeq   int64        `json:"agent_last_read_seq"`
	LastActivityAt     time.Time    `json:"last_activity_at"`
	CreatedAt          time.Time    `json:"created_at"`
	Rating             *kefu.Rating `json:"rating"` // the visitor's own rating, once given
}

// VisitorTyping is a typing indicator as the visitor sees it: who by kind and display name only.
type VisitorTyping struct {
	SenderType kefu.SenderType `json:"sender_type"`
	Name       string          `json:"name,omitempty"`
	Typing     bool            `json:"typing"`
}

// NewVisitorMessage projects m for a visitor. It does not check privacy: callers drop private
// messages (m.Kind.Private()) before projecting. REST widget endpoints use it too, so both
// transports show visitors the same shape.
func NewVisitorMessage(m *kefu.Message) *VisitorMessage {
	atts := make([]VisitorAttachment, 0, len(m.Attachments))
	for i := range m.Attachments {
		atts = append(atts, *NewVisitorAttachment(&m.Attachments[i]))
	}
	return &VisitorMessage{
		ID: m.ID, ConversationID: m.ConversationID, Seq: m.Seq, SenderType: m.SenderType,
		SenderName: m.SenderName, Kind: m.Kind, Content: m.Content, Attachments: atts,
		ClientMsgID: m.ClientMsgID, CreatedAt: m.CreatedAt,
	}
}

// NewVisitorConversation projects c for a visitor.
func NewVisitorConversation(c *kefu.Conversation) *VisitorConversation {
	return &VisitorConversation{
		ID: c.ID, InboxID: c.InboxID, Status: c.Status, LastSeq: c.LastSeq,
		ContactLastReadSeq: c.ContactLastReadSeq, AgentLastReadSeq: c.AgentLastReadSeq,
		LastActivityAt: c.LastActivityAt, CreatedAt: c.CreatedAt, Rating: c.Rating,
	}
}

// newVisitorTyping projects a typing indicator for a visitor.
func newVisitorTyping(t *kefu.Typing) *VisitorTyping {
	return &VisitorTyping{SenderType: t.SenderType, Name: t.Name, Typing: t.Typing}
}
