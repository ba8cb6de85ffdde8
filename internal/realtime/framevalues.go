package realtime

// This file turns the raw member values that framescan.go split off into Go values: the string
// unescaping encoding/json would do, and one decoder per JSON type a client frame field has.

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unescape decodes the content of a string that scanString accepted and found escapes in.
// Every escape is at least as long as what it stands for, so the content's length is enough.
func unescape(content []byte) string {
	var b strings.Builder
	b.Grow(len(content))
	for {
		i := bytes.IndexByte(content, '\\')
		if i < 0 {
			b.Write(content)
			return b.String()
		}
		b.Write(content[:i])
		content = content[i:]
		if content[1] != 'u' {
			b.WriteByte(unescapedByte(content[1]))
			content = content[2:]
			continue
		}
		r, n := unicodeEscape(content)
		b.WriteRune(r)
		content = content[n:]
	}
}

// unescapedByte returns the byte that the two-byte escape \c stands for.
func unescapedByte(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c // '"', '\\' and '/' stand for themselves
}

// unicodeEscape decodes the \uXXXX escape at the start of b, or the surrogate pair of two such
// escapes, and returns the rune and the number of bytes read. scanString lets no other
// surrogate through; should one come anyway, it becomes U+FFFD as in encoding/json.
func unicodeEscape(b []byte) (rune, int) {
	r := hex4(b[2:6])
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if pair := utf16.DecodeRune(r, hex4(b[8:12])); pair != utf8.RuneError {
			return pair, 12
		}
	}
	return utf8.RuneError, 6
}

// hex4 decodes four hexadecimal digits, or returns -1.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// The decoders below read one raw value as split off by splitObject, so its syntax is already
// known to be valid. Each reports ok == false when the value has another JSON type, null
// included: a null field is refused rather than taken for an absent one.

// stringValue decodes a JSON string.
func stringValue(raw []byte) (string, bool) {
	content, escaped, ok := stringContent(raw)
	if escaped {
		return unescape(content), ok
	}
	return string(content), ok
}

// internedStringValue decodes a JSON string that is usually one of a few known words, returning
// the word itself rather than a new copy of it when it is.
func internedStringValue[S ~string](raw []byte, known ...S) (S, bool) {
	content, escaped, ok := stringContent(raw)
	if escaped {
		return S(unescape(content)), ok
	}
	for _, word := range known {
		if string(content) == string(word) {
			return word, ok
		}
	}
	return S(content), ok
}

// stringContent returns what is between the quotes of a JSON string and whether it contains
// escapes.
func stringContent(raw []byte) (content []byte, escaped, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return nil, false, false
	}
	content = raw[1 : len(raw)-1]
	return content, bytes.IndexByte(content, '\\') >= 0, true
}

// stringArrayValue decodes a JSON array of strings; an array holding anything else, null
// included, is the wrong type. An empty array decodes to nil.
func stringArrayValue(raw []byte) ([]string, bool) {
	s := jsonScanner{data: raw}
	if !s.take('[') {
		return nil, false
	}
	if s.takeAfterSpace(']') {
		return nil, true
	}
	var out []string
	for {
		s.skipSpace()
		start := s.pos
		if _, _, ok := s.scanString(); !ok {
			return nil, false
		}
		str, _ := stringValue(raw[start:s.pos])
		out = append(out, str)
		if s.takeAfterSpace(']') {
			return out, true
		}
		if !s.takeAfterSpace(',') {
			return nil, false
		}
	}
}

// int64Value decodes a JSON number written as an integer that fits an int64, as encoding/json
// does for an int64 field.
func int64Value(raw []byte) (int64, bool) {
	digits, negative := bytes.CutPrefix(raw, []byte("-"))
	if len(digits) == 0 {
		return 0, false
	}
	limit := uint64(math.MaxInt64)
	if negative {
		limit++ // -9223372036854775808 fits, 9223372036854775808 does not
	}
	var n uint64
	for _, c := range digits {
		if !isDigit(c) {
			return 0, false // a fraction or an exponent
		}
		d := uint64(c - '0')
		if n > (limit-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if negative {
		return -int64(n), true // also right for the limit: -(MinInt64) wraps to MinInt64
	}
	return int64(n), true
}

// boolValue decodes true or false.
func boolValue(raw []byte) (value, ok bool) {
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func isNull(raw []byte) bool { return string(raw) == "null" }
