package apichannel

import (
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// EventMessageCreated is the type of a callback carrying an agent's reply.
const EventMessageCreated = "message.created"

// Callback is what kefu posts to an API inbox's callback URL for each reply. Its webhook-id
// header is Message.ID, the same on every retry: integrators dedupe on it.
type Callback struct {
	Type           string          `json:"type" enum:"message.created"`
	InboxID        string          `json:"inbox_id"`
	ConversationID string          `json:"conversation_id"`
	Contact        CallbackContact `json:"contact"`
	Message        CallbackMessage `json:"message"`
}

// CallbackContact is the customer the reply is for; ExternalID is the integrator's own id.
type CallbackContact struct {
	ExternalID string `json:"external_id"`
	Name       string `json:"name,omitempty"`
}

// CallbackMessage is the reply.
type CallbackMessage struct {
	ID          string               `json:"id"`
	Text        string               `json:"text"`
	Attachments []CallbackAttachment `json:"attachments"`
	Sender      CallbackSender       `json:"sender"`
	CreatedAt   time.Time            `json:"created_at"`
}

// CallbackAttachment is a file of the reply: URL is a signed download link that expires (the
// integrator downloads it when the callback arrives).
type CallbackAttachment struct {
	URL         string `json:"url"`
	FileName    string `json:"file_name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// CallbackSender names who replied: the agent's name, or the inbox's for kefu's own messages.
type CallbackSender struct {
	Name string `json:"name"`
}

// callback builds the body of out's delivery.
func (a *Adapter) callback(out channel.Outbound) Callback {
	m := out.Message
	cb := Callback{
		Type: EventMessageCreated, InboxID: out.Inbox.ID, ConversationID: m.ConversationID,
		Contact: CallbackContact{ExternalID: strings.TrimPrefix(out.To.ExternalID, out.Inbox.ID+":")},
		Message: CallbackMessage{ID: m.ID, Text: m.Content, Attachments: []CallbackAttachment{},
			Sender: CallbackSender{Name: out.Inbox.Name}, CreatedAt: m.CreatedAt},
	}
	if out.Contact != nil {
		cb.Contact.Name = out.Contact.Name
	}
	if m.SenderName != "" {
		cb.Message.Sender.Name = m.SenderName
	} else if out.Sender != nil {
		cb.Message.Sender.Name = out.Sender.Name
	}
	for i := range m.Attachments {
		cb.Message.Attachments = append(cb.Message.Attachments, a.attachment(&m.Attachments[i]))
	}
	return cb
}

func (a *Adapter) attachment(at *kefu.Attachment) CallbackAttachment {
	link := ""
	if a.opts.Links != nil {
		link = strings.TrimSuffix(a.opts.PublicURL, "/") + a.opts.Links.VisitorURL(at)
	}
	return CallbackAttachment{URL: link, FileName: at.FileName, ContentType: at.ContentType, Size: at.Size}
}
