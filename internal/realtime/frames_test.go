package realtime

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestDecodeClientFrameValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ClientFrame
	}{
		{"agent hello", `{"type":"hello","token":"t","cursor":123}`, ClientFrame{Type: FrameHello, Token: "t", Cursor: ptr[int64](123)}},
		{"agent hello by cookie", `{"type":"hello"}`, ClientFrame{Type: FrameHello}},
		{"visitor hello", `{"type":"hello","token":"t","since":{"c1":17,"c2":0}}`, ClientFrame{Type: FrameHello, Token: "t", Since: map[string]int64{"c1": 17, "c2": 0}}},
		{"empty since", `{"type":"hello","token":"t","since":{}}`, ClientFrame{Type: FrameHello, Token: "t"}},
		{"send", `{"type":"send","ref":"c1","conversation_id":"cv","client_msg_id":"m","content":"hi","kind":"text","attachment_ids":[]}`,
			ClientFrame{Type: FrameSend, Ref: "c1", ConversationID: "cv", ClientMsgID: "m", Content: "hi", Kind: kefu.KindText}},
		{"send attachment only", `{"type":"send","conversation_id":"cv","client_msg_id":"m","attachment_ids":["a1","a2"]}`,
			ClientFrame{Type: FrameSend, ConversationID: "cv", ClientMsgID: "m", AttachmentIDs: []string{"a1", "a2"}}},
		{"send note", `{"type":"send","conversation_id":"cv","client_msg_id":"m","content":"x","kind":"note"}`,
			ClientFrame{Type: FrameSend, ConversationID: "cv", ClientMsgID: "m", Content: "x", Kind: kefu.KindNote}},
		{"read", `{"type":"read","ref":"c2","conversation_id":"cv","seq":17}`, ClientFrame{Type: FrameRead, Ref: "c2", ConversationID: "cv", Seq: 17}},
		{"typing", `{"type":"typing","conversation_id":"cv","typing":true,"private":false}`, ClientFrame{Type: FrameTyping, ConversationID: "cv", Typing: true}},
		{"ping", ` { "type" : "ping" , "ref" : "p" } `, ClientFrame{Type: FramePing, Ref: "p"}},
		{"escaped text", `{"type":"send","conversation_id":"cv","client_msg_id":"m","content":"\u4f60\u597d <script>"}`,
			ClientFrame{Type: FrameSend, ConversationID: "cv", ClientMsgID: "m", Content: "你好 <script>"}},
		{"escaped key, surrogate pairs", `{"\u0074ype":"ping","ref":"\ud83d\ude00\uDBFF\uDFFF!"}`, ClientFrame{Type: FramePing, Ref: "😀\U0010FFFF!"}},
		{"minus zero", `{"type":"read","conversation_id":"cv","seq":-0}`, ClientFrame{Type: FrameRead, ConversationID: "cv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeClientFrame([]byte(tt.in), 64<<10)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeClientFrameInvalid(t *testing.T) {
	long := strings.Repeat("x", 65)
	tests := []struct {
		name  string
		in    string
		code  kefu.Code
		field string
	}{
		{"too large", `{"type":"ping","ref":"` + strings.Repeat("x", 100) + `"}`, kefu.CodeTooLarge, ""},
		{"invalid utf-8", "{\"type\":\"ping\",\"ref\":\"\xc3\x28\"}", kefu.CodeMalformed, ""},
		{"empty", ``, kefu.CodeMalformed, ""},
		{"array", `[]`, kefu.CodeMalformed, ""},
		{"string", `"hello"`, kefu.CodeMalformed, ""},
		{"truncated", `{"type":"ping"`, kefu.CodeMalformed, ""},
		{"trailing data", `{"type":"ping"} {}`, kefu.CodeMalformed, ""},
		{"trailing garbage", `{"type":"ping"}x`, kefu.CodeMalformed, ""},
		{"duplicate key", `{"type":"ping","type":"ping"}`, kefu.CodeMalformed, "type"},
		{"duplicate after unescaping", `{"type":"ping","\u0074ype":"ping"}`, kefu.CodeMalformed, "type"},
		{"duplicate before a syntax error", `{"type":"ping","type":"ping" x`, kefu.CodeMalformed, "type"},
		{"lone high surrogate", `{"type":"ping","ref":"\ud83d!"}`, kefu.CodeMalformed, ""},
		{"lone low surrogate", `{"type":"ping","ref":"\ude00"}`, kefu.CodeMalformed, ""},
		{"high surrogate then a non-low", `{"type":"ping","ref":"\ud83d\u0041"}`, kefu.CodeMalformed, ""},
		{"lone surrogate in a key", `{"type":"ping","\ud800":1}`, kefu.CodeMalformed, ""},
		{"lone surrogate in since", `{"type":"hello","since":{"\udfff":1}}`, kefu.CodeMalformed, ""},
		{"byte-order mark", "\ufeff{\"type\":\"ping\"}", kefu.CodeMalformed, ""},
		{"invalid value of an unknown field", `{"type":"ping","x":[1,]}`, kefu.CodeMalformed, ""},
		{"nested too deep", `{"type":"ping","x":` + strings.Repeat("[", maxNestingDepth+1) + strings.Repeat("]", maxNestingDepth+1) + `}`, kefu.CodeMalformed, ""},
		{"missing type", `{"ref":"x"}`, kefu.CodeInvalid, "type"},
		{"unknown type", `{"type":"pong"}`, kefu.CodeInvalid, "type"},
		{"type wrong case", `{"type":"PING"}`, kefu.CodeInvalid, "type"},
		{"key wrong case", `{"type":"ping","Ref":"x"}`, kefu.CodeMalformed, "Ref"},
		{"unknown field", `{"type":"ping","extra":1}`, kefu.CodeMalformed, "extra"},
		{"field of another type", `{"type":"ping","token":"x"}`, kefu.CodeMalformed, "token"},
		{"null value", `{"type":"hello","token":null}`, kefu.CodeMalformed, "token"},
		{"type not a string", `{"type":1}`, kefu.CodeMalformed, "type"},
		{"cursor a string", `{"type":"hello","cursor":"1"}`, kefu.CodeMalformed, "cursor"},
		{"cursor fractional", `{"type":"hello","cursor":1.5}`, kefu.CodeMalformed, "cursor"},
		{"cursor integral float", `{"type":"hello","cursor":1.0}`, kefu.CodeMalformed, "cursor"},
		{"cursor exponent", `{"type":"hello","cursor":1e3}`, kefu.CodeMalformed, "cursor"},
		{"cursor overflows", `{"type":"hello","cursor":99999999999999999999}`, kefu.CodeMalformed, "cursor"},
		{"cursor negative", `{"type":"hello","cursor":-1}`, kefu.CodeInvalid, "cursor"},
		{"cursor and since", `{"type":"hello","cursor":1,"since":{"c":1}}`, kefu.CodeInvalid, "since"},
		{"since not an object", `{"type":"hello","since":[1]}`, kefu.CodeMalformed, "since"},
		{"since null seq", `{"type":"hello","since":{"c":null}}`, kefu.CodeMalformed, "since"},
		{"since negative", `{"type":"hello","since":{"c":-1}}`, kefu.CodeInvalid, "since"},
		{"since long id", `{"type":"hello","since":{"` + long + `":1}}`, kefu.CodeInvalid, "since"},
		{"since duplicate", `{"type":"hello","since":{"c":1,"c":2}}`, kefu.CodeMalformed, "since"},
		{"token too long", `{"type":"hello","token":"` + strings.Repeat("t", MaxTokenLen+1) + `"}`, kefu.CodeInvalid, "token"},
		{"ref too long", `{"type":"ping","ref":"` + long + `"}`, kefu.CodeInvalid, "ref"},
		{"send without conversation", `{"type":"send","client_msg_id":"m","content":"x"}`, kefu.CodeInvalid, "conversation_id"},
		{"send without client id", `{"type":"send","conversation_id":"c","content":"x"}`, kefu.CodeInvalid, "client_msg_id"},
		{"send long client id", `{"type":"send","conversation_id":"c","client_msg_id":"` + long + `","content":"x"}`, kefu.CodeInvalid, "client_msg_id"},
		{"send empty", `{"type":"send","conversation_id":"c","client_msg_id":"m"}`, kefu.CodeInvalid, "content"},
		{"send unknown kind", `{"type":"send","conversation_id":"c","client_msg_id":"m","content":"x","kind":"html"}`, kefu.CodeInvalid, "kind"},
		{"send content too big", `{"type":"send","conversation_id":"c","client_msg_id":"m","content":"` + strings.Repeat("x", kefu.MaxContentBytes+1) + `"}`, kefu.CodeInvalid, "content"},
		{"send attachments not strings", `{"type":"send","conversation_id":"c","client_msg_id":"m","attachment_ids":[1]}`, kefu.CodeMalformed, "attachment_ids"},
		{"send attachment null", `{"type":"send","conversation_id":"c","client_msg_id":"m","attachment_ids":[null]}`, kefu.CodeMalformed, "attachment_ids"},
		{"send attachment empty id", `{"type":"send","conversation_id":"c","client_msg_id":"m","attachment_ids":[""]}`, kefu.CodeInvalid, "attachment_ids"},
		{"send too many attachments", `{"type":"send","conversation_id":"c","client_msg_id":"m","attachment_ids":["1","2","3","4","5","6","7","8","9","10","11"]}`, kefu.CodeInvalid, "attachment_ids"},
		{"read negative seq", `{"type":"read","conversation_id":"c","seq":-3}`, kefu.CodeInvalid, "seq"},
		{"read without conversation", `{"type":"read","seq":3}`, kefu.CodeInvalid, "conversation_id"},
		{"typing not bool", `{"type":"typing","conversation_id":"c","typing":"yes"}`, kefu.CodeMalformed, "typing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			max := 64 << 10
			if tt.code == kefu.CodeTooLarge {
				max = 50
			}
			_, err := DecodeClientFrame([]byte(tt.in), max)
			var ke *kefu.Error
			if !errors.As(err, &ke) {
				t.Fatalf("got error %v, want a *kefu.Error", err)
			}
			if ke.Code != tt.code || ke.Field != tt.field {
				t.Fatalf("got %s (field %q), want code %s field %q", err, ke.Field, tt.code, tt.field)
			}
		})
	}
}

// FuzzDecodeClientFrame checks that the decoder never panics and either returns a valid frame,
// which survives a round trip through encoding unchanged, or a *kefu.Error.
func FuzzDecodeClientFrame(f *testing.F) {
	for _, s := range clientFrameSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := DecodeClientFrame(data, 64<<10)
		if err != nil {
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code == kefu.CodeInternal || ke.Message == "" {
				t.Fatalf("got error %#v, want a *kefu.Error with a client code", err)
			}
			return
		}
		if err := fr.Validate(); err != nil {
			t.Fatalf("decoded frame %+v does not validate: %v", fr, err)
		}
		b, err := json.Marshal(fr)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeClientFrame(b, 0)
		if err != nil {
			t.Fatalf("re-encoded frame %s: %v", b, err)
		}
		if !reflect.DeepEqual(fr, again) {
			t.Fatalf("round trip changed the frame: got %+v, want %+v", again, fr)
		}
	})
}

// clientFrameSeeds are the seed corpus of the decoder fuzz tests: valid frames of every type
// and typical mistakes.
func clientFrameSeeds() []string {
	return []string{
		`{"type":"hello","token":"t","cursor":123}`,
		`{"type":"hello","token":"t","since":{"c1":17}}`,
		`{"type":"send","ref":"c1","conversation_id":"cv","client_msg_id":"m","content":"hi","kind":"text","attachment_ids":["a"]}`,
		`{"type":"read","ref":"c2","conversation_id":"cv","seq":17}`,
		`{"type":"typing","conversation_id":"cv","typing":true,"private":true}`,
		`{"type":"ping","ref":"p"}`,
		`{"type":"ping","type":"ping"}`,
		`{"type":"hello","cursor":1e3}`,
		`{"type":"hello","since":{"c":null}}`,
		`{"type":"send","attachment_ids":[null,1,"x"]}`,
		"{\"type\":\"ping\",\"ref\":\"\xff\"}",
		`{"type":"ping"}{}`,
		`[`, `{`, `}`, `null`, `""`, `{"":""}`, `{"type":"\u0000"}`,
	}
}

func TestServerFrames(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"agent welcome", welcomeItem(kefu.ActorAgent, ptr[int64](0)).frame, `{"type":"welcome","role":"agent","cursor":0}`},
		{"visitor welcome", welcomeItem(kefu.ActorVisitor, nil).frame, `{"type":"welcome","role":"visitor"}`},
		{"pong", pongFrame("p1"), `{"type":"pong","ref":"p1"}`},
		{"pong without ref", pongFrame(""), `{"type":"pong"}`},
		{"resync", resyncItem().frame, `{"type":"resync_required"}`},
		{"field error", errorFrameOf("c1", kefu.FieldError("seq", "bad")), `{"type":"error","ref":"c1","code":"invalid_input","message":"bad","field":"seq"}`},
		{"internal error", errorFrameOf("c1", kefu.Internal(errors.New("db password wrong"))), `{"type":"error","ref":"c1","code":"internal","message":"internal error"}`},
		{"plain error", errorFrameOf("", errors.New("oops")), `{"type":"error","code":"internal","message":"internal error"}`},
		{"reconnect", reconnectItem(1001, "bye").frame, `{"type":"reconnect","code":1001,"reason":"bye"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if string(tt.got) != tt.want {
				t.Fatalf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
}

func TestRefOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"type":"send","ref":"c9","bogus":1}`, "c9"},
		{`{"ref":7}`, ""},
		{`not json`, ""},
		{`{"ref":"` + strings.Repeat("r", MaxRefLen+1) + `"}`, ""},
	}
	for _, tt := range tests {
		if got := refOf([]byte(tt.in)); got != tt.want {
			t.Errorf("refOf(%.30s): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
