package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jsonstrict"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// Text that kefu stores or searches must be valid UTF-8 without NUL characters: PostgreSQL
// refuses both in text columns and parameters (the request would fail as a 500), SQLite would
// store a string other tools truncate at the NUL, and no chat or profile text needs either.

// queryProblem checks a raw query string: it must parse, and every key and value must be text.
func queryProblem(raw string) *problem.Problem {
	if raw == "" {
		return nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return problem.New(kefu.CodeMalformed, "the query string is malformed")
	}
	for k, vs := range q {
		for _, v := range append(vs, k) {
			if !utf8.ValidString(v) {
				return problem.New(kefu.CodeMalformed, "the query string is not valid UTF-8")
			}
			if strings.IndexByte(v, 0) >= 0 {
				return nulProblem()
			}
		}
	}
	return nil
}

// bodyProblem checks a JSON body before huma decodes it: it must be valid UTF-8, hold no
// duplicate key or unpaired surrogate escape (the rules the WebSocket frames follow too, see
// package jsonstrict), and no string with a NUL character.
func bodyProblem(body []byte) *problem.Problem {
	if !utf8.Valid(body) {
		return problem.New(kefu.CodeMalformed, "the request body is not valid UTF-8")
	}
	var ke *kefu.Error
	if errors.As(jsonstrict.Check(body), &ke) {
		return problem.New(ke.Code, ke.Message)
	}
	if hasNUL(body) {
		return nulProblem()
	}
	return nil
}

// hasNUL reports whether a JSON document holds a string, key or value, with a NUL character.
// Only documents containing the escape are decoded, so ordinary requests pay one byte scan.
// A document that does not parse is left to the JSON decoder to refuse.
func hasNUL(body []byte) bool {
	if !bytes.Contains(body, []byte(`\u0000`)) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if s, ok := tok.(string); ok && strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
}

func nulProblem() *problem.Problem {
	return problem.New(kefu.CodeInvalid, "text must not contain NUL characters")
}
