package jsonenc

import "github.com/kefu-dev/kefu/internal/kefu"

// The visitor projections (kefu.Visitor*), which every frame and ack to a visitor carries.

// VisitorMessage appends m as json.Marshal(m) does.
func VisitorMessage(b []byte, m *kefu.VisitorMessage) []byte {
	b = append(b, `{"id":`...)
	b = String(b, m.ID)
	b = append(b, `,"conversation_id":`...)
	b = String(b, m.ConversationID)
	b = append(b, `,"seq":`...)
	b = Int(b, m.Seq)
	b = append(b, `,"sender_type":`...)
	b = String(b, string(m.SenderType))
	b = append(b, `,"sender_name":`...)
	b = String(b, m.SenderName)
	b = append(b, `,"kind":`...)
	b = String(b, string(m.Kind))
	b = append(b, `,"content":`...)
	b = String(b, m.Content)
	b = append(b, `,"attachments":`...)
	if m.Attachments == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range m.Attachments {
			if i > 0 {
				b = append(b, ',')
			}
			b = VisitorAttachment(b, &m.Attachments[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"client_msg_id":`...)
	b = String(b, m.ClientMsgID)
	b = append(b, `,"created_at":`...)
	b = Time(b, m.CreatedAt)
	b = botCard(b, m.Bot)
	return append(b, '}')
}

// VisitorAttachment appends a as json.Marshal(a) does.
func VisitorAttachment(b []byte, a *kefu.VisitorAttachment) []byte {
	b = append(b, `{"id":`...)
	b = String(b, a.ID)
	b = append(b, `,"file_name":`...)
	b = String(b, a.FileName)
	b = append(b, `,"content_type":`...)
	b = String(b, a.ContentType)
	b = append(b, `,"size":`...)
	b = Int(b, a.Size)
	b = imageSize(b, a.Width, a.Height)
	if a.URL != "" {
		b = append(b, `,"url":`...)
		b = String(b, a.URL)
	}
	return append(b, '}')
}

// VisitorConversation appends c as json.Marshal(c) does.
func VisitorConversation(b []byte, c *kefu.VisitorConversation) []byte {
	b = append(b, `{"id":`...)
	b = String(b, c.ID)
	b = append(b, `,"inbox_id":`...)
	b = String(b, c.InboxID)
	b = append(b, `,"status":`...)
	b = String(b, string(c.Status))
	b = append(b, `,"last_seq":`...)
	b = Int(b, c.LastSeq)
	b = append(b, `,"contact_last_read_seq":`...)
	b = Int(b, c.ContactLastReadSeq)
	b = append(b, `,"agent_last_read_seq":`...)
	b = Int(b, c.AgentLastReadSeq)
	b = append(b, `,"last_activity_at":`...)
	b = Time(b, c.LastActivityAt)
	b = append(b, `,"created_at":`...)
	b = Time(b, c.CreatedAt)
	b = append(b, `,"rating":`...)
	b = RatingPtr(b, c.Rating)
	b = append(b, `,"offline_message":`...)
	b = Bool(b, c.OfflineMessage)
	b = append(b, `,"bot_state":`...)
	b = String(b, string(c.BotState))
	return append(b, '}')
}

// VisitorTyping appends t as json.Marshal(t) does.
func VisitorTyping(b []byte, t *kefu.VisitorTyping) []byte {
	b = append(b, `{"sender_type":`...)
	b = String(b, string(t.SenderType))
	if t.Name != "" {
		b = append(b, `,"name":`...)
		b = String(b, t.Name)
	}
	b = append(b, `,"typing":`...)
	b = Bool(b, t.Typing)
	return append(b, '}')
}
