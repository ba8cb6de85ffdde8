package realtime

import (
	"encoding/json"

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
	b = jsonenc.EventBody(b, f.Message, f.Conversation, f.Typing, f.Presence, f.Read)
	if f.Visitor != nil {
		b = appendVisitor(b, f.Visitor)
	}
	return append(b, '}')
}

// appendVisitor appends a live visitor with encoding/json: visitor events are a few per page
// view, far from the message path the hand-written encoders are for.
func appendVisitor(b []byte, v *kefu.LiveVisitor) []byte {
	enc, err := json.Marshal(v)
	if err != nil {
		return b // a struct of strings, ints and times always encodes
	}
	b = append(b, `,"visitor":`...)
	return append(b, enc...)
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
		b = jsonenc.VisitorMessage(b, f.Message)
	}
	if f.Conversation != nil {
		b = append(b, `,"conversation":`...)
		b = jsonenc.VisitorConversation(b, f.Conversation)
	}
	if f.Typing != nil {
		b = append(b, `,"typing":`...)
		b = jsonenc.VisitorTyping(b, f.Typing)
	}
	if f.Queue != nil {
		b = append(b, `,"queue":`...)
		b = jsonenc.QueueStatus(b, f.Queue)
	}
	return append(b, '}')
}

// appendAck appends the ack of a send as json.Marshal(ackFrame{…}) does, with the message as
// the sender sees it: all of it for an agent, its visitor projection for a visitor.
func appendAck(b []byte, ref string, agentView *kefu.Message, visitorView *kefu.VisitorMessage, dup bool) []byte {
	b = append(b, `{"type":"ack"`...)
	if ref != "" {
		b = append(b, `,"ref":`...)
		b = jsonenc.String(b, ref)
	}
	b = append(b, `,"message":`...)
	if visitorView != nil {
		b = jsonenc.VisitorMessage(b, visitorView)
	} else {
		b = jsonenc.Message(b, agentView)
	}
	b = append(b, `,"duplicate":`...)
	b = jsonenc.Bool(b, dup)
	return append(b, '}')
}
