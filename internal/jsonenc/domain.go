package jsonenc

import (
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Event appends ev as json.Marshal(ev) does: the payload of a stored event.
func Event(b []byte, ev *kefu.Event) []byte {
	b = append(b, '{')
	if ev.Seq != 0 {
		b = append(b, `"seq":`...)
		b = Int(b, ev.Seq)
		b = append(b, ',')
	}
	b = append(b, `"type":`...)
	b = String(b, string(ev.Type))
	if ev.ConversationID != "" {
		b = append(b, `,"conversation_id":`...)
		b = String(b, ev.ConversationID)
	}
	b = EventBody(b, ev.Message, ev.Conversation, ev.Typing, ev.Presence, ev.Read)
	if ev.Queue != nil {
		b = append(b, `,"queue":`...)
		b = QueueStatus(b, ev.Queue)
	}
	b = append(b, `,"created_at":`...)
	b = Time(b, ev.CreatedAt)
	return append(b, '}')
}

// EventBody appends the optional members an event and an agent's event frame share, each
// preceded by a comma and left out when nil.
func EventBody(b []byte, m *kefu.Message, c *kefu.Conversation, t *kefu.Typing, p *kefu.Presence, r *kefu.ReadMarker) []byte {
	if m != nil {
		b = append(b, `,"message":`...)
		b = Message(b, m)
	}
	if c != nil {
		b = append(b, `,"conversation":`...)
		b = Conversation(b, c)
	}
	if t != nil {
		b = append(b, `,"typing":`...)
		b = Typing(b, t)
	}
	if p != nil {
		b = append(b, `,"presence":`...)
		b = Presence(b, p)
	}
	if r != nil {
		b = append(b, `,"read":`...)
		b = ReadMarker(b, r)
	}
	return b
}

// Message appends m as json.Marshal(m) does.
func Message(b []byte, m *kefu.Message) []byte {
	b = append(b, `{"id":`...)
	b = String(b, m.ID)
	b = append(b, `,"org_id":`...)
	b = String(b, m.OrgID)
	b = append(b, `,"conversation_id":`...)
	b = String(b, m.ConversationID)
	b = append(b, `,"seq":`...)
	b = Int(b, m.Seq)
	b = append(b, `,"sender_type":`...)
	b = String(b, string(m.SenderType))
	b = append(b, `,"sender_id":`...)
	b = String(b, m.SenderID)
	b = append(b, `,"sender_name":`...)
	b = String(b, m.SenderName)
	b = append(b, `,"kind":`...)
	b = String(b, string(m.Kind))
	b = append(b, `,"content":`...)
	b = String(b, m.Content)
	b = append(b, `,"attachments":`...)
	b = attachments(b, m.Attachments)
	b = append(b, `,"client_msg_id":`...)
	b = String(b, m.ClientMsgID)
	b = append(b, `,"created_at":`...)
	b = Time(b, m.CreatedAt)
	if m.Delivery != nil {
		b = append(b, `,"delivery":`...)
		b = Delivery(b, m.Delivery)
	}
	if m.PIIMasked {
		b = append(b, `,"pii_masked":true`...)
	}
	b = botCard(b, m.Bot)
	return append(b, '}')
}

// botCard appends a bot message's card, omitted when nil. Cards are rare (only bot messages)
// and nested, so encoding/json writes them: the hand-written path is for every message.
func botCard(b []byte, card *kefu.BotCard) []byte {
	if card == nil {
		return b
	}
	enc, err := json.Marshal(card)
	if err != nil {
		return b // a BotCard holds only strings and bools: it always encodes
	}
	b = append(b, `,"bot":`...)
	return append(b, enc...)
}

// Delivery appends d as json.Marshal(d) does: an outbound reply's state travels with every
// message.created and message.updated of an external channel.
func Delivery(b []byte, d *kefu.Delivery) []byte {
	b = append(b, `{"status":`...)
	b = String(b, string(d.Status))
	if d.Error != "" {
		b = append(b, `,"error":`...)
		b = String(b, d.Error)
	}
	b = append(b, `,"attempts":`...)
	b = Int(b, int64(d.Attempts))
	if d.NextAttemptAt != nil {
		b = append(b, `,"next_attempt_at":`...)
		b = Time(b, *d.NextAttemptAt)
	}
	if d.PlatformMsgID != "" {
		b = append(b, `,"platform_msg_id":`...)
		b = String(b, d.PlatformMsgID)
	}
	b = append(b, `,"updated_at":`...)
	b = Time(b, d.UpdatedAt)
	return append(b, '}')
}

func attachments(b []byte, as []kefu.Attachment) []byte {
	if as == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range as {
		if i > 0 {
			b = append(b, ',')
		}
		b = Attachment(b, &as[i])
	}
	return append(b, ']')
}

// Attachment appends a as its MarshalJSON does: the URL derived from the id, the storage key
// never.
func Attachment(b []byte, a *kefu.Attachment) []byte {
	url := a.URL
	if a.ID != "" {
		url = a.AgentPath()
	}
	b = append(b, `{"id":`...)
	b = String(b, a.ID)
	b = append(b, `,"org_id":`...)
	b = String(b, a.OrgID)
	b = append(b, `,"conversation_id":`...)
	b = String(b, a.ConversationID)
	b = append(b, `,"message_id":`...)
	b = String(b, a.MessageID)
	b = append(b, `,"uploader_type":`...)
	b = String(b, string(a.UploaderType))
	b = append(b, `,"uploader_id":`...)
	b = String(b, a.UploaderID)
	b = append(b, `,"file_name":`...)
	b = String(b, a.FileName)
	b = append(b, `,"content_type":`...)
	b = String(b, a.ContentType)
	b = append(b, `,"size":`...)
	b = Int(b, a.Size)
	b = append(b, `,"sha256":`...)
	b = String(b, a.SHA256)
	b = imageSize(b, a.Width, a.Height)
	b = append(b, `,"url":`...)
	b = String(b, url)
	b = append(b, `,"created_at":`...)
	b = Time(b, a.CreatedAt)
	return append(b, '}')
}

// Conversation appends c as json.Marshal(c) does.
func Conversation(b []byte, c *kefu.Conversation) []byte {
	b = append(b, `{"id":`...)
	b = String(b, c.ID)
	b = append(b, `,"org_id":`...)
	b = String(b, c.OrgID)
	b = append(b, `,"inbox_id":`...)
	b = String(b, c.InboxID)
	b = append(b, `,"contact_id":`...)
	b = String(b, c.ContactID)
	b = append(b, `,"status":`...)
	b = String(b, string(c.Status))
	b = append(b, `,"assignee_id":`...)
	b = String(b, c.AssigneeID)
	b = append(b, `,"team_id":`...)
	b = String(b, c.TeamID)
	b = append(b, `,"priority":`...)
	b = String(b, string(c.Priority))
	b = append(b, `,"labels":`...)
	b = Strings(b, c.Labels)
	b = routingFields(b, c)
	b = append(b, `,"last_seq":`...)
	b = Int(b, c.LastSeq)
	b = append(b, `,"contact_last_read_seq":`...)
	b = Int(b, c.ContactLastReadSeq)
	b = append(b, `,"agent_last_read_seq":`...)
	b = Int(b, c.AgentLastReadSeq)
	if c.MyLastReadSeq != 0 {
		b = append(b, `,"my_last_read_seq":`...)
		b = Int(b, c.MyLastReadSeq)
	}
	b = append(b, `,"last_activity_at":`...)
	b = Time(b, c.LastActivityAt)
	b = append(b, `,"waiting_since":`...)
	b = TimePtr(b, c.WaitingSince)
	b = append(b, `,"snoozed_until":`...)
	b = TimePtr(b, c.SnoozedUntil)
	b = append(b, `,"rating":`...)
	b = RatingPtr(b, c.Rating)
	b = append(b, `,"created_at":`...)
	b = Time(b, c.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b = Time(b, c.UpdatedAt)
	b = listing(b, c)
	return append(b, '}')
}

// routingFields appends the conversation's routing attributes and queue times.
func routingFields(b []byte, c *kefu.Conversation) []byte {
	b = append(b, `,"inquiry_type":`...)
	b = String(b, c.InquiryType)
	b = append(b, `,"language":`...)
	b = String(b, c.Language)
	b = append(b, `,"region":`...)
	b = String(b, c.Region)
	b = append(b, `,"routing_rule_id":`...)
	b = String(b, c.RoutingRuleID)
	b = append(b, `,"follow_up":`...)
	b = Bool(b, c.FollowUp)
	b = append(b, `,"queued_at":`...)
	b = TimePtr(b, c.QueuedAt)
	b = append(b, `,"assigned_at":`...)
	b = TimePtr(b, c.AssignedAt)
	b = requiredSkills(b, c.RequiredSkills)
	b = append(b, `,"bot_state":`...)
	b = String(b, string(c.BotState))
	b = append(b, `,"emotion":`...)
	return String(b, c.Emotion)
}

// requiredSkills appends a transfer's skill requirement; omitted when there is none.
func requiredSkills(b []byte, rs []kefu.SkillRequirement) []byte {
	if len(rs) == 0 {
		return b
	}
	b = append(b, `,"required_skills":[`...)
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = String(b, r.Name)
		b = append(b, `,"min_level":`...)
		b = Int(b, int64(r.MinLevel))
		b = append(b, '}')
	}
	return append(b, ']')
}

// listing appends what only agents' REST reads fill (events never do), so a frame still says
// exactly what encoding/json would.
func listing(b []byte, c *kefu.Conversation) []byte {
	if m := c.LastMessage; m != nil {
		b = append(b, `,"last_message":{"seq":`...)
		b = Int(b, m.Seq)
		b = append(b, `,"kind":`...)
		b = String(b, string(m.Kind))
		b = append(b, `,"sender_type":`...)
		b = String(b, string(m.SenderType))
		b = append(b, `,"text":`...)
		b = String(b, m.Text)
		b = append(b, `,"created_at":`...)
		b = Time(b, m.CreatedAt)
		b = masked(b, m.PIIMasked)
		b = append(b, '}')
	}
	if p := c.Contact; p != nil {
		b = append(b, `,"contact":{"name":`...)
		b = String(b, p.Name)
		b = append(b, `,"email":`...)
		b = String(b, p.Email)
		b = append(b, `,"number":`...)
		b = Int(b, p.Number)
		b = masked(b, p.PIIMasked)
		b = append(b, '}')
	}
	return b
}

// masked appends the pii_masked flag as omitempty does.
func masked(b []byte, on bool) []byte {
	if on {
		b = append(b, `,"pii_masked":true`...)
	}
	return b
}

// RatingPtr appends *r as json.Marshal(r) does, or null.
func RatingPtr(b []byte, r *kefu.Rating) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"score":`...)
	b = Int(b, int64(r.Score))
	b = append(b, `,"comment":`...)
	b = String(b, r.Comment)
	b = append(b, `,"rated_at":`...)
	b = Time(b, r.RatedAt)
	return append(b, '}')
}

// Typing appends t as json.Marshal(t) does.
func Typing(b []byte, t *kefu.Typing) []byte {
	b = append(b, `{"sender_type":`...)
	b = String(b, string(t.SenderType))
	b = append(b, `,"sender_id":`...)
	b = String(b, t.SenderID)
	if t.Name != "" {
		b = append(b, `,"name":`...)
		b = String(b, t.Name)
	}
	b = append(b, `,"typing":`...)
	b = Bool(b, t.Typing)
	return append(b, '}')
}

// Presence appends p as json.Marshal(p) does.
func Presence(b []byte, p *kefu.Presence) []byte {
	b = append(b, `{"agent_id":`...)
	b = String(b, p.AgentID)
	b = append(b, `,"availability":`...)
	b = String(b, string(p.Availability))
	b = append(b, `,"connected":`...)
	b = Bool(b, p.Connected)
	return append(b, '}')
}

// ReadMarker appends r as json.Marshal(r) does.
func ReadMarker(b []byte, r *kefu.ReadMarker) []byte {
	b = append(b, `{"agent_id":`...)
	b = String(b, r.AgentID)
	b = append(b, `,"seq":`...)
	b = Int(b, r.Seq)
	return append(b, '}')
}

// imageSize appends an attachment's width and height.
func imageSize(b []byte, width, height int) []byte {
	b = append(b, `,"width":`...)
	b = Int(b, int64(width))
	b = append(b, `,"height":`...)
	return Int(b, int64(height))
}
