package realtime

// FuzzDecodeMatchesReference holds DecodeClientFrame to the encoding/json based decoder that
// framescan.go replaced, frozen below as referenceDecodeClientFrame. The reference is slow (a
// json.Decoder token pass plus one json.Unmarshal per field) but plainly follows encoding/json,
// which is what makes it the oracle. Do not "improve" it: its value is that it does not change.
// Three changes were made on purpose, to follow package jsonstrict: a duplicate is reported as
// "duplicate key", in since too (it was "since must be an object…"), and for an escaped
// surrogate outside a valid pair, which encoding/json decodes to U+FFFD, the oracle is jsontext
// (referenceUnpaired) instead.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/kefu-dev/kefu/internal/jsonstrict"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// FuzzDecodeMatchesReference checks that the decoder accepts the same frames as the reference,
// decodes them to the same values and refuses everything else with the same code, field and
// message.
func FuzzDecodeMatchesReference(f *testing.F) {
	for _, s := range clientFrameSeeds() {
		f.Add([]byte(s))
	}
	for _, s := range referenceSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxBytes = 64 << 10
		got, gotErr := DecodeClientFrame(data, maxBytes)
		want, wantErr := referenceDecodeClientFrame(data, maxBytes)
		if len(data) <= maxBytes && utf8.Valid(data) && referenceUnpaired(data) {
			checkUnpairedRefused(t, data, gotErr, wantErr)
			return
		}
		if !sameDecodeError(gotErr, wantErr) {
			t.Fatalf("decoding %s:\ngot error  %s\nwant error %s", abbreviate(data), describeError(gotErr), describeError(wantErr))
		}
		// A frame that failed to decode is the zero value; one that passed, or failed only
		// Validate, must be what the reference decoded.
		if (gotErr == nil || !reflect.DeepEqual(got, ClientFrame{})) && !reflect.DeepEqual(got, want) {
			t.Fatalf("decoding %s:\ngot  %#v\nwant %#v", abbreviate(data), got, want)
		}
	})
}

// referenceUnpaired reports whether jsontext, which refuses an escaped surrogate outside a valid
// pair, stops at one in data, valid UTF-8: whether, duplicates allowed so that it looks past them
// as the frame scanner does, it stops at a point that it gets past when told to allow invalid
// Unicode.
func referenceUnpaired(data []byte) bool {
	strict := referenceJSONTextOffset(data, jsontext.AllowDuplicateNames(true))
	return strict >= 0 && referenceJSONTextOffset(data, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)) != strict
}

// referenceJSONTextOffset returns where jsontext stops reading the first value of data, or -1
// when it does not, or only because data ends.
func referenceJSONTextOffset(data []byte, opts ...jsontext.Options) int64 {
	_, err := jsontext.NewDecoder(bytes.NewReader(data), opts...).ReadValue()
	var serr *jsontext.SyntacticError
	if !errors.As(err, &serr) || serr.Err == io.ErrUnexpectedEOF {
		return -1
	}
	return serr.ByteOffset
}

// checkUnpairedRefused: a frame with an unpaired surrogate is refused for it, unless the
// reference found a fault that the scan meets first: the frame is not an object, or a key
// repeats before the surrogate.
func checkUnpairedRefused(t *testing.T, data []byte, gotErr, wantErr error) {
	t.Helper()
	if sameDecodeError(gotErr, jsonstrict.UnpairedSurrogate()) {
		return
	}
	var w *kefu.Error
	earlier := errors.As(wantErr, &w) && (w.Message == "frame must be a JSON object" || strings.HasPrefix(w.Message, "duplicate key "))
	if !earlier || !sameDecodeError(gotErr, wantErr) {
		t.Fatalf("decoding %s with an unpaired surrogate:\ngot error %s\nwant the unpaired surrogate refused, or %s", abbreviate(data), describeError(gotErr), describeError(wantErr))
	}
}

// sameDecodeError reports whether two decoders failed alike: the same code, field and message.
func sameDecodeError(got, want error) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	var g, w *kefu.Error
	return errors.As(got, &g) && errors.As(want, &w) && g.Code == w.Code && g.Field == w.Field && g.Message == w.Message
}

func describeError(err error) string {
	var ke *kefu.Error
	if errors.As(err, &ke) {
		return fmt.Sprintf("%s field=%q message=%q", ke.Code, ke.Field, ke.Message)
	}
	return fmt.Sprint(err)
}

// abbreviate quotes an input for a failure message, shortening the long ones.
func abbreviate(data []byte) string {
	if len(data) > 300 {
		return fmt.Sprintf("%q… (%d bytes)", data[:300], len(data))
	}
	return fmt.Sprintf("%q", data)
}

// referenceSeeds are inputs on the edges of the JSON grammar, of encoding/json's decoding and of
// the order in which errors are found.
func referenceSeeds() []string {
	send := func(fields string) string {
		return `{"type":"send","conversation_id":"c","client_msg_id":"m",` + fields + `}`
	}
	ping := func(fields string) string { return `{"type":"ping",` + fields + `}` }
	hello := func(fields string) string { return `{"type":"hello",` + fields + `}` }
	nested := func(depth int, open, inner, close string) string {
		return strings.Repeat(open, depth) + inner + strings.Repeat(close, depth)
	}
	// entries writes n distinct members "<prefix>0":0, "<prefix>1":1, …
	entries := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `"%s%d":%d,`, prefix, i, i)
		}
		return b.String()
	}
	return []string{
		// Strings and their escapes.
		ping(`"ref":"\"\\\/\b\f\n\r\t"`),
		ping(`"ref":"\u00e9\u4f60\uD83D\uDE00"`),
		ping(`"ref":"\ud83d"`),
		ping(`"ref":"\ude00"`),
		ping(`"ref":"\ud83d\ud83d\ude00"`),
		ping(`"ref":"\ud83dx"`),
		ping(`"ref":"\ud83d\u0041"`),
		ping(`"ref":"\ud83d\\u0041"`),
		ping(`"ref":"\uDBFF\uDFFF\uD800\uDC00"`),
		ping(`"ref":"\ud800\uzzzz"`),
		ping(`"ref":"\udc00\ud800"`),
		ping(`"ref":"\ud800`),
		ping(`"ref":"\ud800\`),
		ping(`"ref":"\ud800\ud`),
		ping(`"ref":"\ud800\uDc0`),
		ping(`"ref":"\ud800\u00`),
		ping(`"x":1,"x":"\ud800"`),
		ping(`"x":"\ud800","x":1`),
		ping(`"x":["\ud800"]`),
		`["\ud800"]`,
		`{"type":"ping"}"\ud800"`,
		ping(`"ref":"\u0000\u001f\u007F"`),
		ping(`"ref":"\uZZZZ"`),
		ping(`"ref":"\u12"`),
		ping(`"ref":"\u12`),
		ping(`"ref":"\x"`),
		ping(`"ref":"\'"`),
		ping(`"ref":"\`),
		ping("\"ref\":\"a\tb\""),
		ping("\"ref\":\"a\x00b\""),
		ping("\"ref\":\"a\x7fb\u00a0\u2028\""),
		ping(`"ref":"` + strings.Repeat(`\u00e9`, 40) + `"`),
		ping(`"ref":"unterminated`),
		`{"\u0074ype":"ping"}`,
		`{"type":"\u0070ing"}`,
		`{"type":"\u0070ing","\u0072ef":"\u0072"}`,
		// Duplicates, compared after unescaping and found before later syntax errors.
		ping(`"\u0074ype":"ping"`),
		ping(`"ref":"a","ref":"b"`),
		ping(`"x":1,"x":2`),
		ping(`"x":1,"x":2,`),
		ping(`"x":1,"x":2 x`),
		ping(`"\ud800":1,"\udc00":2`),
		`{"type":"ping","type":01}`,
		`{"type":"ping","type":truex}`,
		`{"type":"ping","type":nullx`,
		`{"type":"ping","type":"ping"x`,
		`{"type":"ping","type":[1]x`,
		`{"type":"ping","type":[1 x]`,
		`{"type":"ping","type":tru`,
		`{"type":"ping","type":1.`,
		`{"type":"ping","type":-`,
		`{"type":"ping","type":1e+`,
		`{"type":"ping","type":`,
		`{"type":"ping","type"`,
		`{` + entries("k", 20) + `"k3":0,"type":"ping"}`,
		`{` + entries("k", 20) + `"k19":0,"type":"ping"}`,
		`{` + entries("k", 20) + `"type":"ping"}`,
		`{` + entries("k", 15) + `"k0":0,"type":"ping"}`,
		`{` + entries("k", 16) + `"k0":0,"type":"ping"}`,
		// Values of unknown keys: any JSON, checked before the key is refused.
		ping(`"x":01`),
		ping(`"x":[01]`),
		ping(`"x":{"a":{"b":[1,2,{"c":null,"d":[true,false,-0.5e+7,"s"]}]}}`),
		ping(`"x":{"a":[}`),
		ping(`"x":{"a" 1}`),
		ping(`"x":{"a":1,}`),
		ping(`"x":[1,]`),
		ping(`"x":[,1]`),
		ping(`"x":[1 2]`),
		ping(`"x":{,}`),
		ping(`"x":{1:2}`),
		ping(`"x":[}`),
		ping(`"x":{]`),
		ping(`"x":{"a":1}}`),
		ping(`"x":[[],{},[{}],{"a":[]}]`),
		ping(`"x":-`),
		ping(`"x":.5`),
		ping(`"x":+1`),
		ping(`"x":1.5.5`),
		ping(`"x":1e5e5`),
		ping(`"x":NaN`),
		ping(`"x":Infinity`),
		ping(`"x":nul`),
		ping(`"x":True`),
		ping(`"x":` + nested(maxNestingDepth, "[", "", "]")),
		ping(`"x":` + nested(maxNestingDepth+1, "[", "", "]")),
		ping(`"x":` + nested(maxNestingDepth-1, "[", "[]", "]")),
		ping(`"x":` + nested(maxNestingDepth, "[", "[]", "]")),
		ping(`"x":` + nested(maxNestingDepth, "[", "1", "]")),
		ping(`"x":` + nested(maxNestingDepth-1, `{"a":`, "{}", "}")),
		ping(`"x":` + nested(maxNestingDepth, `{"a":`, "{}", "}")),
		ping(`"x":` + nested(maxNestingDepth, "[", "", "")),
		hello(`"since":` + nested(maxNestingDepth, "[", "", "]")),
		send(`"attachment_ids":` + nested(maxNestingDepth, "[", "", "]")),
		hello(`"since":{"c":` + nested(maxNestingDepth-1, "[", "", "]") + `}`),
		// Integers.
		hello(`"cursor":0`),
		hello(`"cursor":-0`),
		hello(`"cursor":1.0`),
		hello(`"cursor":1e2`),
		hello(`"cursor":1E2`),
		hello(`"cursor":1e-2`),
		hello(`"cursor":-1`),
		hello(`"cursor":9223372036854775807`),
		hello(`"cursor":9223372036854775808`),
		hello(`"cursor":-9223372036854775808`),
		hello(`"cursor":-9223372036854775809`),
		hello(`"cursor":18446744073709551616`),
		hello(`"cursor":00`),
		hello(`"cursor":0x10`),
		hello(`"cursor":1_000`),
		hello(`"cursor":"1"`),
		hello(`"cursor":true`),
		hello(`"cursor":null`),
		hello(`"cursor":[1]`),
		`{"type":"read","conversation_id":"c","seq":9223372036854775807}`,
		`{"type":"read","conversation_id":"c","seq":-0}`,
		`{"type":"read","conversation_id":"c","seq":0.0}`,
		`{"type":"read","conversation_id":"c","seq":{}}`,
		// Booleans.
		`{"type":"typing","conversation_id":"c","typing":false,"private":true}`,
		`{"type":"typing","conversation_id":"c","typing":"true"}`,
		`{"type":"typing","conversation_id":"c","typing":1}`,
		`{"type":"typing","conversation_id":"c","typing":null}`,
		`{"type":"typing","conversation_id":"c","private":True}`,
		// Attachment ids.
		send(`"attachment_ids":[]`),
		send(`"attachment_ids":[ ]`),
		send(`"attachment_ids":[""]`),
		send(`"attachment_ids":[ "a" , "\u0062" ]`),
		send(`"attachment_ids":["a",]`),
		send(`"attachment_ids":[,"a"]`),
		send(`"attachment_ids":["a" "b"]`),
		send(`"attachment_ids":["a",null]`),
		send(`"attachment_ids":[["a"]]`),
		send(`"attachment_ids":[{}]`),
		send(`"attachment_ids":{}`),
		send(`"attachment_ids":"a"`),
		send(`"attachment_ids":null`),
		send(`"attachment_ids":["1","2","3","4","5","6","7","8","9","10","11",1]`),
		// Since.
		hello(`"since":{}`),
		hello(`"since":{ }`),
		hello(`"since":{"a":1,"\u0061":2}`),
		hello(`"since":{"a":1.5}`),
		hello(`"since":{"a":-0,"b":9223372036854775807}`),
		hello(`"since":{"":1}`),
		hello(`"since":{"a":-1,"":1}`),
		hello(`"since":{"\ud800":1,"\ufffd":2}`),
		hello(`"since":[]`),
		hello(`"since":null`),
		hello(`"since":"x"`),
		hello(`"since":1`),
		hello(`"since":true`),
		hello(`"since":{"a":1,"b":null}`),
		hello(`"since":{"a":{"b":1}}`),
		hello(`"cursor":1,"since":{"a":1}`),
		hello(`"since":{},"cursor":1`),
		hello(`"since":{` + entries("c", MaxSinceItems) + `"x":0}`),
		hello(`"since":{` + entries("c", MaxSinceItems+1) + `"x":0}`),
		hello(`"since":{` + entries("c", MaxSinceItems+1) + `"c0":0}`),
		hello(`"since":{` + entries("c", MaxSinceItems+1) + `"x":null}`),
		hello(`"since":{` + entries("c", 20) + `"c5":0}`),
		// Types and the order of field errors.
		`{}`, `{ }`, `{"type":1}`, `{"type":null}`, `{"type":[]}`, `{"type":{}}`, `{"type":true}`,
		`{"type":"pong","x":1}`, `{"x":1,"type":1}`, `{"ref":1,"type":"ping"}`,
		`{"x":1,"ref":1,"type":"ping"}`, `{"type":"PING"}`, `{"type":"ping\u0000"}`,
		send(`"kind":"text","content":"x"`),
		send(`"kind":"note","content":"x"`),
		send(`"kind":"\u0074ext","content":"x"`),
		send(`"kind":"TEXT","content":"x"`),
		send(`"kind":"","content":"x"`),
		send(`"kind":1,"content":"x"`),
		send(`"content":"你好，我想问一下订单 12345 什么时候发货？"`),
		send(`"content":"` + strings.Repeat("x", kefu.MaxContentBytes+1) + `"`),
		send(`"content":"x","ref":"` + strings.Repeat("r", MaxRefLen+1) + `"`),
		ping(`"` + strings.Repeat("é", 40) + `":1`),
		ping(`"a` + strings.Repeat("é", 40) + `":1`),
		// Whitespace, trailing data and everything that is not one object.
		" \t\r\n{ \t\r\n\"type\" \t\r\n: \t\r\n\"ping\" \t\r\n, \"ref\" : \"r\" } \t\r\n",
		"{\"type\":\"ping\"}\f",
		"\f{\"type\":\"ping\"}",
		"\v{\"type\":\"ping\"}",
		"\u00a0{\"type\":\"ping\"}",
		"\ufeff{\"type\":\"ping\"}",
		`{"type":"ping"}x`, `{"type":"ping"} `, `{"type":"ping"}]`, `{"type":"ping"}}`,
		`{"type":"ping"}"`, `{"type":"ping"}{`, `{"type":"ping"}0`, `{"type":"ping"},`,
		`{"type":"ping"}[]`, `{"type":"ping"}:`,
		`{"type":"ping",}`, `{,"type":"ping"}`, `{"type" "ping"}`, `{"type":"ping" "ref":"x"}`,
		`{"type":}`, `{"type"}`, `{type:"ping"}`, `{'type':'ping'}`, `{"type":"ping"]`,
		`{"type":"ping"`, `{"type":"ping",`, `{"type":"ping","ref"`, `{"type":"ping","ref":`,
		`[]`, `[{"type":"ping"}]`, `1`, `-1`, `true`, `null`, `"x"`, ``, `   `, `]`, `}`, `:`, `,`,
		"\x00", "{\x00}",
	}
}

func referenceDecodeClientFrame(data []byte, maxBytes int) (ClientFrame, error) {
	var f ClientFrame
	if maxBytes > 0 && len(data) > maxBytes {
		return f, kefu.Errorf(kefu.CodeTooLarge, "frame is larger than %d bytes", maxBytes)
	}
	if !utf8.Valid(data) {
		return f, kefu.Errorf(kefu.CodeMalformed, "frame is not valid UTF-8")
	}
	fields, err := referenceSplitObject(data)
	if err != nil {
		return f, err
	}
	if err := referenceSetFields(&f, fields); err != nil {
		return f, err
	}
	return f, f.Validate()
}

type referenceRawField struct {
	key string
	raw json.RawMessage
}

func referenceSplitObject(data []byte) ([]referenceRawField, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, kefu.Errorf(kefu.CodeMalformed, "frame must be a JSON object")
	}
	var fields []referenceRawField
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
			return nil, &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "duplicate key " + referenceQuote(key)}
		}
		seen[key] = true
		fields = append(fields, referenceRawField{key, raw})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, kefu.Errorf(kefu.CodeMalformed, "frame is not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, kefu.Errorf(kefu.CodeMalformed, "unexpected data after the frame object")
	}
	return fields, nil
}

func referenceSetFields(f *ClientFrame, fields []referenceRawField) error {
	for _, fl := range fields {
		if fl.key == "type" {
			if err := referenceDecodeValue(fl, &f.Type); err != nil {
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
			return &kefu.Error{Code: kefu.CodeMalformed, Field: fl.key, Message: "unknown field " + referenceQuote(fl.key)}
		}
		if err := referenceSetField(f, fl); err != nil {
			return err
		}
	}
	return nil
}

func referenceSetField(f *ClientFrame, fl referenceRawField) error {
	switch fl.key {
	case "ref":
		return referenceDecodeValue(fl, &f.Ref)
	case "token":
		return referenceDecodeValue(fl, &f.Token)
	case "cursor":
		f.Cursor = new(int64)
		return referenceDecodeValue(fl, f.Cursor)
	case "since":
		return referenceDecodeSince(f, fl)
	case "scope":
		return referenceDecodeValue(fl, &f.Scope)
	case "conversation_id":
		return referenceDecodeValue(fl, &f.ConversationID)
	case "client_msg_id":
		return referenceDecodeValue(fl, &f.ClientMsgID)
	case "content":
		return referenceDecodeValue(fl, &f.Content)
	case "kind":
		return referenceDecodeValue(fl, &f.Kind)
	case "attachment_ids":
		return referenceDecodeStrings(fl, &f.AttachmentIDs)
	case "views":
		return referenceDecodeStrings(fl, &f.Views)
	case "seq":
		return referenceDecodeValue(fl, &f.Seq)
	case "typing":
		return referenceDecodeValue(fl, &f.Typing)
	case "private":
		return referenceDecodeValue(fl, &f.Private)
	}
	return nil
}

func referenceDecodeSince(f *ClientFrame, fl referenceRawField) error {
	if referenceIsNull(fl.raw) {
		return referenceWrongType(fl.key)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(fl.raw), []byte("{")) {
		return &kefu.Error{Code: kefu.CodeMalformed, Field: "since", Message: "since must be an object of conversation id to seq"}
	}
	entries, err := referenceSplitObject(fl.raw)
	if err != nil {
		var ke *kefu.Error
		errors.As(err, &ke)
		return &kefu.Error{Code: ke.Code, Field: "since", Message: ke.Message}
	}
	if len(entries) > MaxSinceItems {
		return kefu.FieldError("since", "since has more than %d conversations", MaxSinceItems)
	}
	for _, e := range entries {
		var seq int64
		if err := referenceDecodeValue(referenceRawField{"since", e.raw}, &seq); err != nil {
			return err
		}
		if f.Since == nil {
			f.Since = make(map[string]int64, len(entries))
		}
		f.Since[e.key] = seq
	}
	return nil
}

// referenceDecodeStrings decodes an array of strings (attachment_ids, views), null refused
// in it as around it.
func referenceDecodeStrings(fl referenceRawField, dst *[]string) error {
	var ids []*string
	if referenceIsNull(fl.raw) || json.Unmarshal(fl.raw, &ids) != nil {
		return referenceWrongType(fl.key)
	}
	for _, id := range ids {
		if id == nil {
			return referenceWrongType(fl.key)
		}
		*dst = append(*dst, *id)
	}
	return nil
}

func referenceDecodeValue(fl referenceRawField, v any) error {
	if referenceIsNull(fl.raw) || json.Unmarshal(fl.raw, v) != nil {
		return referenceWrongType(fl.key)
	}
	return nil
}

func referenceIsNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

func referenceWrongType(key string) *kefu.Error {
	return &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "field " + referenceQuote(key) + " has the wrong type"}
}

func referenceQuote(s string) string {
	if len(s) > 64 {
		s = string([]rune(s[:64])) + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
