package realtime

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jsonstrict"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestDecodeClientFrameStrictMessages: duplicate keys and unpaired surrogate escapes get the
// same errors as on REST (package jsonstrict), wherever they are in the frame.
func TestDecodeClientFrameStrictMessages(t *testing.T) {
	const unpaired = `invalid \u escape: unpaired surrogate`
	tests := []struct{ name, in, want string }{
		{"duplicate", `{"type":"ping","ref":"a","ref":"b"}`, `duplicate key "ref"`},
		{"duplicate in since", `{"type":"hello","since":{"c":1,"c":2}}`, `duplicate key "c"`},
		{"duplicate in since after unescaping", `{"type":"hello","since":{"c":1,"\u0063":2}}`, `duplicate key "c"`},
		{"lone high", `{"type":"ping","ref":"\ud800"}`, unpaired},
		{"lone low", `{"type":"ping","ref":"\udc00"}`, unpaired},
		{"high then a letter", `{"type":"ping","ref":"\ud83dx"}`, unpaired},
		{"high then a non-low", `{"type":"ping","ref":"\ud83d\u0041"}`, unpaired},
		{"high then high", `{"type":"ping","ref":"\ud83d\ud83d\ude00"}`, unpaired},
		{"high then bad hex", `{"type":"ping","ref":"\ud83d\uzzzz"}`, unpaired},
		{"in a key", `{"type":"ping","\udc00":1}`, unpaired},
		{"in a since key", `{"type":"hello","since":{"\ud800":1}}`, unpaired},
		{"in an unknown field's value", `{"type":"ping","x":[{"y":"\ud800"}]}`, unpaired},
		{"before a duplicate", `{"type":"ping","ref":"\ud800","ref":"b"}`, unpaired},
		{"inside a duplicate's value", `{"type":"ping","ref":"a","ref":"\ud800"}`, unpaired},
		{"after a duplicate", `{"type":"ping","ref":"a","ref":"b","x":"\ud800"}`, `duplicate key "ref"`},
		{"cut short after a high", `{"type":"ping","ref":"\ud800\ud`, `frame is not valid JSON`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeClientFrame([]byte(tt.in), 64<<10)
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code != kefu.CodeMalformed || ke.Message != tt.want {
				t.Fatalf("DecodeClientFrame(%s) = %v, want malformed_request %q", tt.in, err, tt.want)
			}
		})
	}
}

// FuzzFrameRulesMatchCheck holds the frame scanner to jsonstrict.Check, which REST uses: a frame
// Check refuses is refused, and the scanner refuses a duplicate or an unpaired surrogate only
// where Check finds one too.
func FuzzFrameRulesMatchCheck(f *testing.F) {
	for _, s := range append(clientFrameSeeds(), referenceSeeds()...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		_, err := DecodeClientFrame(data, 0)
		checkErr := jsonstrict.Check(data)
		if checkErr != nil && kefu.ErrorCode(err) != kefu.CodeMalformed {
			t.Fatalf("frame %s: Check says %v, the decoder %v", abbreviate(data), checkErr, err)
		}
		if isStrictError(err) && checkErr == nil {
			t.Fatalf("frame %s: the decoder says %v, Check finds nothing", abbreviate(data), err)
		}
	})
}

// isStrictError reports whether err is one of jsonstrict's errors.
func isStrictError(err error) bool {
	var ke *kefu.Error
	if !errors.As(err, &ke) {
		return false
	}
	return ke.Message == jsonstrict.UnpairedSurrogate().Message || strings.HasPrefix(ke.Message, "duplicate key ")
}
