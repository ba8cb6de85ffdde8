package realtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
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
	FrameHello:  {"type": true, "token": true, "cursor": true, "since": true},
	FrameSend:   {"type": true, "ref": true, "conversation_id": true, "client_msg_id": true, "content": true, "kind": true, "attachment_ids": true},
	FrameRead:   {"type": true, "ref": true, "conversation_id": true, "seq": true},
	FrameTyping: {"type": true, "ref": true, "conversation_id": true, "typing": true, "private": true},
	FramePing:   {"type": true, "ref": true},
}

// DecodeClientFrame strictly decodes one client frame of at most maxBytes (0 = no limit):
// invalid UTF-8, anything but one JSON object, duplicate or unknown keys (exact spelling), null
// or wrongly typed values and values over their limits are refused with a *kefu.Error
// (payload_too_large, malformed_request or invalid_input). A nil error means a valid frame.
func DecodeClientFrame(data []byte, maxBytes int) (ClientFrame, error) {
	var f ClientFrame
	if maxBytes > 0 && len(data) > maxBytes {
		return f, kefu.Errorf(kefu.CodeTooLarge, "frame is larger than %d bytes", maxBytes)
	}
	if !utf8.Valid(data) {
		return f, kefu.Errorf(kefu.CodeMalformed, "frame is not valid UTF-8")
	}
	fields, err := splitObject(data)
	if err != nil {
		return f, err
	}
	if err := f.setFields(fields); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// rawField is one key of a JSON object with its undecoded value, in document order.
type rawField struct {
	key string
	raw json.RawMessage
}

// splitObject splits one JSON object into its fields, refusing duplicates and trailing data.
func splitObject(data []byte) ([]rawField, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, kefu.Errorf(kefu.CodeMalformed, "frame must be a JSON object")
	}
	var fields []rawField
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return nil, kefu.Errorf(kefu.CodeMalformed, "frame is not valid JSON")
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, kefu.Errorf(kefu.CodeMalformed, "frame is not valid JSON")
		}
		if seen[key] {
			return nil, &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "duplicate field " + quote(key)}
		}
		seen[key] = true
		fields = append(fields, rawField{key, raw})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, kefu.Errorf(kefu.CodeMalformed, "frame is not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, kefu.Errorf(kefu.CodeMalformed, "unexpected data after the frame object")
	}
	return fields, nil
}

// setFields decodes the type first, then every other field allowed for that type.
func (f *ClientFrame) setFields(fields []rawField) error {
	for _, fl := range fields {
		if fl.key == "type" {
			if err := decodeValue(fl, &f.Type); err != nil {
				return err
			}
		}
	}
	allowed, ok := frameFields[f.Type]
	if !ok {
		return kefu.FieldError("type", "unknown frame type")
	}
	for _, fl := range fields {
		if !allowed[fl.key] {
			return &kefu.Error{Code: kefu.CodeMalformed, Field: fl.key, Message: "unknown field " + quote(fl.key)}
		}
		if err := f.setField(fl); err != nil {
			return err
		}
	}
	return nil
}

func (f *ClientFrame) setField(fl rawField) error {
	switch fl.key {
	case "ref":
		return decodeValue(fl, &f.Ref)
	case "token":
		return decodeValue(fl, &f.Token)
	case "cursor":
		f.Cursor = new(int64)
		return decodeValue(fl, f.Cursor)
	case "since":
		return f.decodeSince(fl)
	case "conversation_id":
		return decodeValue(fl, &f.ConversationID)
	case "client_msg_id":
		return decodeValue(fl, &f.ClientMsgID)
	case "content":
		return decodeValue(fl, &f.Content)
	case "kind":
		return decodeValue(fl, &f.Kind)
	case "attachment_ids":
		return f.decodeAttachmentIDs(fl)
	case "seq":
		return decodeValue(fl, &f.Seq)
	case "typing":
		return decodeValue(fl, &f.Typing)
	case "private":
		return decodeValue(fl, &f.Private)
	}
	return nil // "type" was decoded first
}

// decodeSince decodes the visitor's {conversation id: seq} map with the same strictness as the
// frame itself. An empty map decodes to nil so frames round-trip through encoding.
func (f *ClientFrame) decodeSince(fl rawField) error {
	if isNull(fl.raw) {
		return wrongType(fl.key)
	}
	entries, err := splitObject(fl.raw)
	if err != nil {
		return &kefu.Error{Code: kefu.CodeMalformed, Field: "since", Message: "since must be an object of conversation id to seq"}
	}
	if len(entries) > MaxSinceItems {
		return kefu.FieldError("since", "since has more than %d conversations", MaxSinceItems)
	}
	for _, e := range entries {
		var seq int64
		if err := decodeValue(rawField{"since", e.raw}, &seq); err != nil {
			return err
		}
		if f.Since == nil {
			f.Since = make(map[string]int64, len(entries))
		}
		f.Since[e.key] = seq
	}
	return nil
}

func (f *ClientFrame) decodeAttachmentIDs(fl rawField) error {
	var ids []*string
	if isNull(fl.raw) || json.Unmarshal(fl.raw, &ids) != nil {
		return wrongType(fl.key)
	}
	for _, id := range ids {
		if id == nil {
			return wrongType(fl.key)
		}
		f.AttachmentIDs = append(f.AttachmentIDs, *id)
	}
	return nil
}

// decodeValue decodes one scalar field; null counts as a wrong type so that "absent" and
// "present" never blur.
func decodeValue(fl rawField, v any) error {
	if isNull(fl.raw) || json.Unmarshal(fl.raw, v) != nil {
		return wrongType(fl.key)
	}
	return nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

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
