package realtime

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Server → client frame types that are not event types.
const (
	frameWelcome        = "welcome"
	frameAck            = "ack"
	frameError          = "error"
	framePong           = "pong"
	frameResyncRequired = "resync_required"
	frameReconnect      = "reconnect" // SSE only: the stream ends; reconnect and resume
)

// item is one entry of a connection's send queue: an encoded frame plus the position it moves
// the connection to. Frames are encoded once per event and shared by every connection.
type item struct {
	typ      string // the frame type, also the SSE event name
	cursor   int64  // agent: org-wide event seq; 0 for ephemeral events and replies
	assignee string // agent: who a message event belongs to under ScopeAssigned; "" = everyone
	forAgent string // agent: the one agent whose connections get it (a private read marker); "" = all
	// agent: the event's conversation and its scope fields (refKnown false: none carried), so
	// team-scoped connections are filtered without a query
	agentConv string
	ref       kefu.ConversationRef
	refKnown  bool
	skip      bool // agent: advance-only item of one connection (conn.skip), never shared
	// agent: the conversation a connection's views decide on ("" = every view gets it), and
	// whether the event changes the conversation itself (created, updated, erased)
	viewConv  string
	convEvent bool
	before    *kefu.ConversationRef // agent: the scope fields a live conversation.updated moved from
	// agent: the inbox of a visitor event, which only agents who see that inbox's visitors get
	visitorInbox string
	convID       string // visitor message.created: its conversation
	seq          int64  // visitor message.created: the message seq
	frame        []byte // nil: only advance the visitor's position (a private message)
}

// sseID is the SSE id of the item: the agent cursor, or conversation:seq of a visitor message.
func (it item) sseID() string {
	switch {
	case it.cursor > 0:
		return strconv.FormatInt(it.cursor, 10)
	case it.seq > 0 && it.frame != nil:
		return it.convID + ":" + strconv.FormatInt(it.seq, 10)
	}
	return ""
}

// agentEventFrame is an event as agents see it: everything.
type agentEventFrame struct {
	Type           kefu.EventType     `json:"type"`
	Cursor         int64              `json:"cursor,omitempty"`
	ConversationID string             `json:"conversation_id,omitempty"`
	Message        *kefu.Message      `json:"message,omitempty"`
	Conversation   *kefu.Conversation `json:"conversation,omitempty"`
	Typing         *kefu.Typing       `json:"typing,omitempty"`
	Presence       *kefu.Presence     `json:"presence,omitempty"`
	Read           *kefu.ReadMarker   `json:"read,omitempty"`
	Visitor        *kefu.LiveVisitor  `json:"visitor,omitempty"`
}

// visitorEventFrame is an event as visitors see it: projections only, no cursor.
type visitorEventFrame struct {
	Type           kefu.EventType            `json:"type"`
	ConversationID string                    `json:"conversation_id,omitempty"`
	Message        *kefu.VisitorMessage      `json:"message,omitempty"`
	Conversation   *kefu.VisitorConversation `json:"conversation,omitempty"`
	Typing         *kefu.VisitorTyping       `json:"typing,omitempty"`
	Queue          *kefu.QueueStatus         `json:"queue,omitempty"`
}

type welcomeFrame struct {
	Type   string         `json:"type"`
	Role   kefu.ActorKind `json:"role"`
	Cursor *int64         `json:"cursor,omitempty"`
}

type ackFrame struct {
	Type      string `json:"type"`
	Ref       string `json:"ref,omitempty"`
	Message   any    `json:"message,omitempty"`
	Duplicate *bool  `json:"duplicate,omitempty"`
}

type errorFrame struct {
	Type    string    `json:"type"`
	Ref     string    `json:"ref,omitempty"`
	Code    kefu.Code `json:"code"`
	Message string    `json:"message"`
	Field   string    `json:"field,omitempty"`
}

type simpleFrame struct {
	Type string `json:"type"`
	Ref  string `json:"ref,omitempty"`
}

type reconnectFrame struct {
	Type   string `json:"type"`
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

// conversationID is the event's conversation, taken from its payload when the field is unset.
func conversationID(ev *kefu.Event) string {
	switch {
	case ev.ConversationID != "":
		return ev.ConversationID
	case ev.Message != nil:
		return ev.Message.ConversationID
	case ev.Conversation != nil:
		return ev.Conversation.ID
	}
	return ""
}

// agentItem encodes ev for agents.
func agentItem(ev *kefu.Event) item {
	f := agentEventFrame{
		Type: ev.Type, Cursor: ev.Seq, ConversationID: conversationID(ev), Message: ev.Message,
		Conversation: ev.Conversation, Typing: ev.Typing, Presence: ev.Presence, Read: ev.Read, Visitor: ev.Visitor,
	}
	b := jsonenc.Encode(f.appendJSON)
	ref, known := ev.ConversationRef()
	it := item{typ: string(ev.Type), cursor: ev.Seq, assignee: scopedAssignee(ev), frame: b,
		agentConv: ev.ConversationID, ref: ref, refKnown: known, forAgent: ev.ForAgentID,
		viewConv: viewedConversation(ev), convEvent: isConvEvent(ev.Type), before: ev.Before}
	if ev.Visitor != nil {
		it.visitorInbox = ev.Visitor.InboxID
	}
	return it
}

// seenBy reports whether an agent may get the item beyond the conversation rules: a visitor
// event only reaches those who see the visitors of its inbox.
func (it *item) seenBy(agent kefu.Actor) bool {
	return it.visitorInbox == "" || agent.SeesVisitors(it.visitorInbox)
}

// visitorItem encodes ev for the visitor it is routed to, its attachments linked by links. ok is
// false when visitors must not see the event at all. A private message.created becomes an
// advance-only item (nil frame) so that the note's seq never looks like a gap.
func visitorItem(ev *kefu.Event, links kefu.AttachmentLinker) (it item, ok bool) {
	f := visitorEventFrame{Type: ev.Type, ConversationID: conversationID(ev)}
	switch ev.Type {
	case kefu.EventMessageCreated, kefu.EventMessageUpdated:
		if ev.Message == nil {
			return it, false
		}
		if ev.Message.Kind.Private() {
			adv := ev.Type == kefu.EventMessageCreated
			return item{typ: string(ev.Type), convID: f.ConversationID, seq: ev.Message.Seq}, adv
		}
		f.Message = kefu.NewVisitorMessage(ev.Message, links)
		if ev.Conversation != nil {
			f.Conversation = kefu.NewVisitorConversation(ev.Conversation)
		}
	case kefu.EventConversationCreated, kefu.EventConversationUpdated:
		if ev.Conversation == nil {
			return it, false
		}
		f.Conversation = kefu.NewVisitorConversation(ev.Conversation)
	case kefu.EventTyping:
		// The contact's own typing is not echoed back to it.
		if ev.Typing == nil || ev.Typing.SenderType == kefu.SenderContact {
			return it, false
		}
		f.Typing = kefu.NewVisitorTyping(ev.Typing)
	case kefu.EventQueue:
		if ev.Queue == nil {
			return it, false
		}
		f.Queue = ev.Queue
	default:
		return it, false // presence and anything newer: agents only until decided otherwise
	}
	it = item{typ: string(ev.Type), convID: f.ConversationID}
	if ev.Type == kefu.EventMessageCreated {
		it.seq = ev.Message.Seq
	}
	it.frame = jsonenc.Encode(f.appendJSON)
	return it, true
}

func welcomeItem(role kefu.ActorKind, cursor *int64) item {
	b, _ := json.Marshal(welcomeFrame{Type: frameWelcome, Role: role, Cursor: cursor})
	return item{typ: frameWelcome, frame: b}
}

func resyncItem() item {
	b, _ := json.Marshal(simpleFrame{Type: frameResyncRequired})
	return item{typ: frameResyncRequired, frame: b}
}

func pongFrame(ref string) []byte {
	b, _ := json.Marshal(simpleFrame{Type: framePong, Ref: ref})
	return b
}

// errorFrameOf encodes err for the client. Internal errors show only "internal error".
func errorFrameOf(ref string, err error) []byte {
	f := errorFrame{Type: frameError, Ref: ref, Code: kefu.ErrorCode(err), Message: kefu.PublicMessage(err)}
	var e *kefu.Error
	if errors.As(err, &e) && f.Code != kefu.CodeInternal {
		f.Field = e.Field
	}
	b, _ := json.Marshal(f)
	return b
}

func reconnectItem(code int, reason string) item {
	b, _ := json.Marshal(reconnectFrame{Type: frameReconnect, Code: code, Reason: reason})
	return item{typ: frameReconnect, frame: b}
}
