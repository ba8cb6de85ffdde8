package codecs

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/mailru/easyjson/jlexer"

	"github.com/kefu-dev/kefu/internal/realtime"
)

var errRefused = errors.New("refused")

// allowed is realtime's frameFields: the keys each frame type accepts.
var allowed = map[string][]string{
	realtime.FrameHello:  {"type", "token", "cursor", "since", "scope"},
	realtime.FrameSend:   {"type", "ref", "conversation_id", "client_msg_id", "content", "kind", "attachment_ids"},
	realtime.FrameRead:   {"type", "ref", "conversation_id", "seq"},
	realtime.FrameTyping: {"type", "ref", "conversation_id", "typing", "private"},
	realtime.FramePing:   {"type", "ref"},
}

// decodeStd is encoding/json with what it needs for DecodeClientFrame's strictness: valid
// UTF-8, one token pass over the top level that refuses duplicate keys, keys the frame's type
// does not allow (spelled exactly: encoding/json matches names without regard to case) and null
// values, then one Decode with DisallowUnknownFields. It accepts what DecodeClientFrame accepts
// on the frames here; its error messages are its own.
func decodeStd(data []byte) (realtime.ClientFrame, error) {
	var f realtime.ClientFrame
	if !utf8.Valid(data) {
		return f, errRefused
	}
	dec := stdjson.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != stdjson.Delim('{') {
		return f, errRefused
	}
	var keys [8]string
	seen := keys[:0]
	var typ string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return f, err
		}
		key := tok.(string)
		for _, k := range seen {
			if k == key {
				return f, errRefused
			}
		}
		seen = append(seen, key)
		var v stdjson.RawMessage
		if err := dec.Decode(&v); err != nil {
			return f, err
		}
		if string(v) == "null" {
			return f, errRefused
		}
		if key == "type" {
			if err := stdjson.Unmarshal(v, &typ); err != nil {
				return f, err
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return f, err
	}
	if dec.More() {
		return f, errRefused
	}
	ok := allowed[typ]
	for _, k := range seen {
		if !contains(ok, k) {
			return f, errRefused
		}
	}
	dec = stdjson.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// decodeEasy is easyjson's generated decoder (unknown fields refused) after a UTF-8 check. It
// does less than DecodeClientFrame: duplicate keys, keys of another frame type and nulls pass.
func decodeEasy(data []byte) (realtime.ClientFrame, error) {
	var f ClientFrame
	if !utf8.Valid(data) {
		return realtime.ClientFrame(f), errRefused
	}
	l := jlexer.Lexer{Data: data}
	f.UnmarshalEasyJSON(&l)
	if err := l.Error(); err != nil {
		return realtime.ClientFrame(f), err
	}
	rf := realtime.ClientFrame(f)
	return rf, rf.Validate()
}

var rejectUnknown = jsonv2.RejectUnknownMembers(true)

// decodeV2 is encoding/json v2 with unknown members refused; it refuses duplicate names and
// invalid UTF-8 by itself and matches names exactly. It does less than DecodeClientFrame: keys
// of another frame type and nulls pass.
func decodeV2(data []byte) (realtime.ClientFrame, error) {
	var f realtime.ClientFrame
	if err := jsonv2.Unmarshal(data, &f, rejectUnknown); err != nil {
		return f, err
	}
	return f, f.Validate()
}

func decodeKefu(data []byte) (realtime.ClientFrame, error) {
	return realtime.DecodeClientFrame(data, 64<<10)
}

var decoders = []struct {
	name   string
	decode func([]byte) (realtime.ClientFrame, error)
}{
	{"kefu", decodeKefu},
	{"encoding-json", decodeStd},
	{"easyjson", decodeEasy},
	{"jsonv2", decodeV2},
}

func TestDecodersAgree(t *testing.T) {
	for _, c := range clientFrames {
		want, err := decodeKefu([]byte(c.json))
		if err != nil {
			t.Fatal(c.name, err)
		}
		for _, d := range decoders {
			got, err := d.decode([]byte(c.json))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s by %s: got %+v, %v; want %+v", c.name, d.name, got, err, want)
			}
		}
	}
	// What each refuses of a few frames DecodeClientFrame refuses.
	for _, bad := range []string{
		`{"type":"ping","ref":"a","ref":"b"}`,
		`{"type":"ping","seq":1}`,
		`{"type":"ping","ref":null}`,
		`{"type":"ping","Ref":"a"}`,
		"{\"type\":\"ping\",\"ref\":\"\xff\"}",
	} {
		var refused []string
		for _, d := range decoders {
			if _, err := d.decode([]byte(bad)); err != nil {
				refused = append(refused, d.name)
			}
		}
		t.Logf("%q refused by %v", bad, refused)
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, c := range clientFrames {
		data := []byte(c.json)
		for _, d := range decoders {
			b.Run(c.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if _, err := d.decode(data); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
