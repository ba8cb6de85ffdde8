package jsonstrict

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestCheck(t *testing.T) {
	const unpaired = `invalid \u escape: unpaired surrogate`
	tests := []struct {
		name, in string
		want     string // the error's message; "" = nil
	}{
		{"valid", `{"content":"你好 <b>","n":[1,{"a":null}]}`, ""},
		{"surrogate pair", `{"content":"smile \ud83d\ude00 \uD83D\uDE00"}`, ""},
		{"surrogate pair in a key", `{"\ud83d\ude00":1}`, ""},
		{"escaped backslash before u", `{"a":"\\ud800"}`, ""},
		{"same key in sibling objects", `{"a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":2}]}`, ""},
		{"duplicate", `{"content":"a","content":"b"}`, `duplicate key "content"`},
		{"duplicate after unescaping", `{"a":1,"\u0061":2}`, `duplicate key "a"`},
		{"nested duplicate", `{"attributes":{"plan":"free","plan":"pro"}}`, `duplicate key "plan"`},
		{"duplicate in an array", `[{"k":1},{"k":1,"k":2}]`, `duplicate key "k"`},
		{"long duplicate key", `{"` + strings.Repeat("k", 100) + `":1,"` + strings.Repeat("k", 100) + `":2}`, `duplicate key "` + strings.Repeat("k", 64) + `…"`},
		{"lone high", `{"a":"\ud800"}`, unpaired},
		{"lone low", `{"a":"\udc00"}`, unpaired},
		{"high then a letter", `{"a":"\ud83dx"}`, unpaired},
		{"high then a non-low escape", `{"a":"\ud83d\u0041"}`, unpaired},
		{"high then high", `{"a":"\ud83d\ud83d\ude00"}`, unpaired},
		{"low then high", `{"a":"\ude00\ud83d"}`, unpaired},
		{"high then bad hex", `{"a":"\ud83d\uzzzz"}`, unpaired},
		{"lone surrogate in a key", `{"\ud800":1}`, unpaired},
		{"lone surrogate deep", `{"a":[[{"b":["x","\udfff"]}]]}`, unpaired},
		{"duplicate before a surrogate", `{"a":1,"a":"\ud800"}`, `duplicate key "a"`},
		{"surrogate before a duplicate", `{"a":"\ud800","a":1}`, unpaired},
		{"not JSON", `{"a":`, ""},
		{"surrogate escape outside a string", `{\ud8000`, ""},
		{"surrogate escape as a value", `{"a":\ud800}`, ""},
		{"truncated after a high", `{"a":"\ud800`, ""},
		{"syntax error before a duplicate", `{"a":1,,"a":2}`, ""},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check([]byte(tt.in))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Check(%s) = %v, want nil", tt.in, err)
				}
				return
			}
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code != kefu.CodeMalformed || ke.Message != tt.want {
				t.Fatalf("Check(%s) = %v, want malformed_request %q", tt.in, err, tt.want)
			}
		})
	}
}

// FuzzCheck: Check never panics, returns nil or one of its two errors, and misses nothing
// that jsontext refuses in a document encoding/json accepts (the gap Check exists to close).
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":"\ud800"}`, `{"a":"\ud83d\ude00"}`, `[{"k":{"k":1}}]`, `{"a":"\\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		var ke *kefu.Error
		if err != nil && (!errors.As(err, &ke) || ke.Code != kefu.CodeMalformed) {
			t.Fatalf("Check(%q) = %#v, want nil or a malformed_request *kefu.Error", data, err)
		}
		if err == nil && utf8.Valid(data) && json.Valid(data) && !jsontext.Value(data).IsValid() {
			t.Fatalf("Check(%q) = nil, but jsontext refuses a document encoding/json takes", data)
		}
	})
}
