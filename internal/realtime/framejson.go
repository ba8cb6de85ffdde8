package realtime

import (
	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The frames below are encoded for every message (once per event for each role, once per ack),
// so they are written by hand with jsonenc instead of by encoding/json's reflection, into a
// pooled buffer (jsonenc.Encode); the tests compare each with json.Marshal of its frame struct.

// appendJSON appends f as json.Marshal(f) does.
func (f *agentEventFrame) appendJSON(b []byte) []byte {
	b = append(b, `{"type":`...)
	b = jsonenc.String(b, string(f.Type))
	if f.Cursor != 0 {
		b = append(b, `,"cursor":`...)
		b = jsonenc.Int(b, f.Cursor)
	}
	if f.ConversationID != "" {
		b = append(b, `,"conversation_id":`...)
		b = jsonenc.String(b, f.ConversationID)
	}
	b = jsonenc.EventBody(b, f.Message, f.Conversation, f.Typing, f.Presence)
	return append(b, '}')
}

// appendJSON appends f as json.Marshal(f) does.
func (f *visitorEventFrame) appendJSON(b []byte) []byte {
	b = append(b, `{"type":`...)
	b = jsonenc.String(b, string(f.Type))
	if f.ConversationID != "" {
		b = append(b, `,"conversation_id":`...)
		b = jsonenc.String(b, f.ConversationID)
	}
	if f.Message != nil {
		b = append(b, `,"message":`...)
		b = f.Message.appendJSON(b)
	}
	if f.Conversation != nil {
		b = append(b, `,"conversation":`...)
		b = f.Conversation.appendJSON(b)
	}
	if f.Typing != nil {
		b = append(b, `,"typing":`...)
		b = f.Typing.appendJSON(b)
	}
	return append(b, '}')
}

// appendAck appends the ack of a send as json.Marshal(ackFrame{…}) does, with the message as
// the sender sees it: all of it for an agent, its visitor projection for a visitor.
func appendAck(b []byte, ref string, agentView *kefu.Message, visitorView *VisitorMessage, dup bool) []byte {
	b = append(b, `{"type":"ack"`...)
	if ref != "" {
		b = append(b, `,"ref":`...)
		b = jsonenc.String(b, ref)
	}
	b = append(b, `,"message":`...)
	if visitorView != nil {
		b = visitorView.appendJSON(b)
	} else {
		b = jsonenc.Message(b, agentView)
	}
	b = append(b, `,"duplicate":`...)
	b = jsonenc.Bool(b, dup)
	return append(b, '}')
}

// appendJSON appends m as json.Marshal(m) does.
func (m *VisitorMessage) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonenc.String(b, m.ID)
	b = append(b, `,"conversation_id":`...)
	b = jsonenc.String(b, m.ConversationID)
	b = append(b, `,"seq":`...)
	b = jsonenc.Int(b, m.Seq)
	b = append(b, `,"sender_type":`...)
	b = jsonenc.String(b, string(m.SenderType))
	b = append(b, `,"sender_name":`...)
	b = jsonenc.String(b, m.SenderName)
	b = append(b, `,"kind":`...)
	b = jsonenc.String(b, string(m.Kind))
	b = append(b, `,"content":`...)
	b = jsonenc.String(b, m.Content)
	b = append(b, `,"attachments":`...)
	if m.Attachments == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range m.Attachments {
			if i > 0 {
				b = append(b, ',')
			}
			b = m.Attachments[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"client_msg_id":`...)
	b = jsonenc.String(b, m.ClientMsgID)
	b = append(b, `,"created_at":`...)
	b = jsonenc.Time(b, m.CreatedAt)
	return append(b, '}')
}

// appendJSON appends a as json.Marshal(a) does.
func (a *VisitorAttachment) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonenc.String(b, a.ID)
	b = append(b, `,"file_name":`...)
	b = jsonenc.String(b, a.FileName)
	b = append(b, `,"content_type":`...)
	b = jsonenc.String(b, a.ContentType)
	b = append(b, `,"size":`...)
	b = jsonenc.Int(b, a.Size)
	if a.URL != "" {
		b = append(b, `,"url":`...)
		b = jsonenc.String(b, a.URL)
	}
	return append(b, '}')
}

// appendJSON appends c as json.Marshal(c) does.
func (c *VisitorConversation) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsonenc.String(b, c.ID)
	b = append(b, `,"inbox_id":`...)
	b = jsonenc.String(b, c.InboxID)
	b = append(b, `,"status":`...)
	b = jsonenc.String(b, string(c.Status))
	b = append(b, `,"last_seq":`...)
	b = jsonenc.Int(b, c.LastSeq)
	b = append(b, `,"contact_last_read_seq":`...)
	b = jsonenc.Int(b, c.ContactLastReadSeq)
	b = append(b, `,"agent_last_read_seq":`...)
	b = jsonenc.Int(b, c.AgentLastReadSeq)
	b = append(b, `,"last_activity_at":`...)
	b = jsonenc.Time(b, c.LastActivityAt)
	b = append(b, `,"created_at":`...)
	b = jsonenc.Time(b, c.CreatedAt)
	b = append(b, `,"rating":`...)
	b = jsonenc.RatingPtr(b, c.Rating)
	return append(b, '}')
}

// appendJSON appends t as json.Marshal(t) does.
func (t *VisitorTyping) appendJSON(b []byte) []byte {
	b = append(b, `{"sender_type":`...)
	b = jsonenc.String(b, string(t.SenderType))
	if t.Name != "" {
		b = append(b, `,"name":`...)
		b = jsonenc.String(b, t.Name)
	}
	b = append(b, `,"typing":`...)
	b = jsonenc.Bool(b, t.Typing)
	return append(b, '}')
}
