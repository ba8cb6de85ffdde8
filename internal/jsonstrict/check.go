package jsonstrict

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Check reports the first duplicate key or unpaired surrogate escape in data, a JSON document,
// as a malformed_request *kefu.Error. Anything else that is not JSON, invalid UTF-8 included,
// gives nil: it is the decoder's to refuse, each transport with its own message. The rules
// apply to every object and string of the document, keys included, at any depth, and keys are
// compared after unescaping ("a" and "\u0061" are duplicates).
func Check(data []byte) error {
	if jsontext.Value(data).IsValid() { // pooled: no allocation for the valid majority
		return nil
	}
	var serr *jsontext.SyntacticError
	if !utf8.Valid(data) || !errors.As(firstError(data), &serr) || serr.Err == io.ErrUnexpectedEOF {
		return nil // cut short, even inside a pair: plain invalid JSON
	}
	switch {
	case serr.Err == jsontext.ErrDuplicateName:
		return DuplicateKey(serr.JSONPointer.LastToken())
	case lenientGetsPast(data, serr.ByteOffset):
		return UnpairedSurrogate()
	}
	return nil
}

// firstError reads the first JSON value of data and returns what stopped it.
func firstError(data []byte, opts ...jsontext.Options) error {
	_, err := jsontext.NewDecoder(bytes.NewReader(data), opts...).ReadValue()
	return err
}

// lenientGetsPast reports whether a decoder that allows invalid Unicode gets past offset, where
// the strict one stopped. In valid UTF-8 the only invalid Unicode is an escaped surrogate
// outside a pair, so that is what stopped the strict decoder. (jsontext's error for it is not
// exported.)
func lenientGetsPast(data []byte, offset int64) bool {
	var serr *jsontext.SyntacticError
	err := firstError(data, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	return !errors.As(err, &serr) || serr.ByteOffset > offset
}

// DuplicateKey is the error for an object that repeats key.
func DuplicateKey(key string) *kefu.Error {
	q := quote(key)
	return &kefu.Error{Code: kefu.CodeMalformed, Field: key, Message: "duplicate key " + q}
}

// UnpairedSurrogate is the error for a \u escape of a UTF-16 surrogate that is not half of a
// valid pair: no character, so nothing kefu could store as the client sent it.
func UnpairedSurrogate() *kefu.Error {
	return &kefu.Error{Code: kefu.CodeMalformed, Message: `invalid \u escape: unpaired surrogate`}
}

// quote renders a client-supplied key for an error message, cut short so that the message
// stays small whatever the client sent.
func quote(s string) string {
	if len(s) > 64 {
		s = string([]rune(s[:64])) + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
