package realtime

import (
	"encoding/json"
	"errors"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Client frame types.
const (
	FrameHello  = "hello"
	FrameSend   = "send"
	FrameRead   = "read"
	FrameTyping = "typing"
	FramePing   = "ping"
	// FrameViews (agents) replaces the views of the hello: what the workspace shows changed.
	FrameViews = "views"
)

// Limits on client frame fields beyond the message limits in package kefu.
const (
	MaxRefLen     = 64   // the client's request reference echoed in ack/error/pong
	MaxTokenLen   = 4096 // a session, API or visitor token
	MaxIDLen      = 64   // a conversation or attachment id
	MaxSinceItems = 100  // conversations a visitor may resume at once
)

// ClientFrame is one decoded client → server frame. Which fields may appear depends on Type;
// see docs/realtime.md. The JSON tags let Go clients (kefu-bench, tests) encode frames.
type ClientFrame struct {
	Type           string           `json:"type"`
	Ref            string           `json:"ref,omitempty"`
	Token          string           `json:"token,omitempty"`
	Cursor         *int64           `json:"cursor,omitempty"` // agent hello; nil = start live from now
	Since          map[string]int64 `json:"since,omitempty"`  // visitor hello
	Scope          AgentScope       `json:"scope,omitempty"`  // agent hello; "" = all
	Views          []string         `json:"views,omitempty"`  // agent hello and views; none = every event
	ConversationID string           `json:"conversation_id,omitempty"`
	ClientMsgID    string           `json:"client_msg_id,omitempty"`
	Content        string           `json:"content,omitempty"`
	Kind           kefu.MessageKind `json:"kind,omitempty"`
	AttachmentIDs  []string         `json:"attachment_ids,omitempty"`
	Seq            int64            `json:"seq,omitempty"`
	Typing         bool             `json:"typing,omitempty"`
	Private        bool             `json:"private,omitempty"`
}

// frameFields says which keys each frame type accepts, spelled exactly.
var frameFields = map[string]map[string]bool{
	FrameHello:  {"type": true, "token": true, "cursor": true, "since": true, "scope": true, "views": true, "conversation_id": true},
	FrameSend:   {"type": true, "ref": true, "conversation_id": true, "client_msg_id": true, "content": true, "kind": true, "attachment_ids": true},
	FrameRead:   {"type": true, "ref": true, "conversation_id": true, "seq": true},
	FrameTyping: {"type": true, "ref": true, "conversation_id": true, "typing": true, "private": true},
	FramePing:   {"type": true, "ref": true},
	FrameViews:  {"type": true, "ref": true, "views": true, "conversation_id": true},
}

// maxFrameMembers is the number of keys of the largest frame type (send). Decoding keeps that
// many members on the stack; a frame with more is refused anyway.
const maxFrameMembers = 7

// DecodeClientFrame strictly decodes one client frame of at most maxBytes (0 = no limit):
// invalid UTF-8, anything but one JSON object, duplicate or unknown keys (exact spelling), null
// or wrongly typed values and values over their limits are refused with a *kefu.Error
// (payload_too_large, malformed_request or invalid_input). A nil error means a valid frame.
// When the frame decodes but fails Validate, the decoded frame comes with the error; for any
// other error the frame is the zero value. framescan.go has the JSON rules.
func DecodeClientFrame(data []byte, maxBytes int) (ClientFrame, error) {
	if maxBytes > 0 && len(data) > maxBytes {
		return ClientFrame{}, kefu.Errorf(kefu.CodeTooLarge, "frame is larger than %d bytes", maxBytes)
	}
	if !utf8.Valid(data) {
		return ClientFrame{}, kefu.Errorf(kefu.CodeMalformed, "frame is not valid UTF-8")
	}
	var scratch [maxFrameMembers]member
	members, err := splitObject(data, scratch[:])
	if err != nil {
		return ClientFrame{}, err
	}
	var f ClientFrame
	if err := f.setFields(members); err != nil {
		return ClientFrame{}, err
	}
	return f, f.Validate()
}

// setFields decodes the type first, then every other field allowed for that type, in document
// order so that the first bad field is the one reported.
func (f *ClientFrame) setFields(members []member) error {
	for _, m := range members {
		if string(m.key) == "type" {
			var ok bool
			if f.Type, ok = internedStringValue(m.value, FrameHello, FrameSend, FrameRead, FrameTyping, FramePing, FrameViews); !ok {
				return wrongType("type")
			}
		}
	}
	allowed, ok := frameFields[f.Type]
	if !ok {
		return kefu.FieldError("type", "unknown frame type")
	}
	for _, m := range members {
		if !allowed[string(m.key)] {
			key := string(m.key)
			return &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "unknown field " + quote(key)}
		}
		if err := f.setField(m); err != nil {
			return err
		}
	}
	return nil
}

// setField decodes one allowed field other than the type, which setFields decoded first.
func (f *ClientFrame) setField(m member) error {
	ok := true
	switch string(m.key) {
	case "ref":
		f.Ref, ok = stringValue(m.value)
	case "token":
		f.Token, ok = stringValue(m.value)
	case "cursor":
		var cursor int64
		if cursor, ok = int64Value(m.value); ok {
			f.Cursor = &cursor
		}
	case "since":
		return f.decodeSince(m.value)
	case "scope":
		f.Scope, ok = internedStringValue(m.value, ScopeAll, ScopeAssigned)
	case "conversation_id":
		f.ConversationID, ok = stringValue(m.value)
	case "client_msg_id":
		f.ClientMsgID, ok = stringValue(m.value)
	case "content":
		f.Content, ok = stringValue(m.value)
	case "kind":
		f.Kind, ok = internedStringValue(m.value, kefu.KindText, kefu.KindImage, kefu.KindFile, kefu.KindNote, kefu.KindEvent)
	case "attachment_ids":
		f.AttachmentIDs, ok = stringArrayValue(m.value)
	case "views":
		f.Views, ok = stringArrayValue(m.value)
	case "seq":
		f.Seq, ok = int64Value(m.value)
	case "typing":
		f.Typing, ok = boolValue(m.value)
	case "private":
		f.Private, ok = boolValue(m.value)
	}
	if !ok {
		return wrongType(string(m.key))
	}
	return nil
}

// decodeSince decodes the visitor's {conversation id: seq} map with the same strictness as the
// frame itself, a repeated id included. An empty map decodes to nil so frames round-trip
// through encoding.
func (f *ClientFrame) decodeSince(raw []byte) error {
	if isNull(raw) {
		return wrongType("since")
	}
	if raw[0] != '{' {
		return &kefu.Error{Code: kefu.CodeMalformed, Field: "since", Message: "since must be an object of conversation id to seq"}
	}
	entries, err := splitObject(raw, nil)
	if err != nil {
		return inField("since", err) // the frame's syntax is checked: a repeated conversation id
	}
	if len(entries) > MaxSinceItems {
		return kefu.FieldError("since", "since has more than %d conversations", MaxSinceItems)
	}
	for _, e := range entries {
		seq, ok := int64Value(e.value)
		if !ok {
			return wrongType("since")
		}
		if f.Since == nil {
			f.Since = make(map[string]int64, len(entries))
		}
		f.Since[string(e.key)] = seq
	}
	return nil
}

// inField reports err as an error of the frame's field.
func inField(field string, err error) error {
	var ke *kefu.Error
	if !errors.As(err, &ke) {
		return err
	}
	return &kefu.Error{Code: ke.Code, Field: field, Message: ke.Message}
}

func wrongType(key string) *kefu.Error {
	return &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "field " + quote(key) + " has the wrong type"}
}

// quote renders a client-supplied key for an error message, cut short so that an error frame
// stays small whatever the client sent.
func quote(s string) string {
	if len(s) > 64 {
		s = string([]rune(s[:64])) + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
