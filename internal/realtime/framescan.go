package realtime

// This file is the JSON reader behind DecodeClientFrame. It makes one pass over a frame that
// checks the syntax of the whole document and splits the top-level object into members whose
// values stay raw bytes; small decoders then turn the raw value of each known field into its Go
// value. Every client message crosses it, so for a valid frame it allocates little beyond the
// strings it returns: members live on the caller's stack and unescaped strings are sliced.
//
// It accepts and refuses exactly what the encoding/json based decoder it replaced did (see
// FuzzDecodeMatchesReference), which means following encoding/json's reading of RFC 8259,
// except where encoding/json would store something the client did not send (package
// jsonstrict has the rules, the same for REST):
//
//   - Whitespace is space, tab, CR and LF; a byte-order mark is not whitespace.
//   - Strings must escape '"', '\' and control characters below U+0020, with the escapes
//     \" \\ \/ \b \f \n \r \t and \uXXXX. A \uXXXX of a surrogate must be half of a valid
//     pair; anything else is refused where it is found, as a syntax error is, where encoding/json
//     would decode it to U+FFFD. The input is valid UTF-8 (DecodeClientFrame checks that
//     first), so no other repair is needed. The pairing check runs only on \u escapes: median
//     ns/op before → after, on a shared 2-core machine where runs vary by ±15 %, were 800 → 705
//     for BenchmarkDecodeSendFrame and 1190 → 1130 for BenchmarkDecodeSendFrameEscaped (all
//     escapes), that is no measurable cost, where running jsonstrict.Check on every frame
//     would add about 300 ns (BenchmarkCheckSendFrame).
//   - A number is -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and ends at the first byte that
//     cannot continue it, which the enclosing grammar then judges: in {"a":01} the value of "a"
//     is 0 and the stray 1 is the syntax error.
//   - Containers nest at most maxNestingDepth deep within one member value. The nesting is
//     tracked on an explicit stack, so hostile input costs memory in proportion to its size,
//     never Go stack.
//   - Keys are compared after unescaping ("a" and "\u0061" are duplicates), and a map takes
//     over from linear search in objects with many keys, so the work stays linear in the input.
//   - A number decodes into an int64 only when written as an integer in range: 1.0, 1e3 and
//     9223372036854775808 are refused, -0 is 0.
//
// Errors follow the old decoder's order too: syntax errors (unpaired surrogates among them) and
// duplicate keys are reported as the document is read, in document order, before any field is
// decoded.

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jsonstrict"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxNestingDepth is encoding/json's limit on nested arrays and objects within one value.
const maxNestingDepth = 10000

// smallObject is the number of keys up to which duplicates are found by comparing with every
// earlier key, which allocates nothing and is the fastest way for the handful of keys of a
// frame.
const smallObject = 16

// member is one key of a JSON object with its value.
type member struct {
	key   []byte // unescaped; a slice of the input unless the key contains escapes
	value []byte // the value exactly as written, without surrounding whitespace
}

// splitObject splits data, which must hold one JSON object and nothing else but whitespace,
// into its members in document order. The members are appended to scratch[:0], so a caller can
// lend stack space for the common case. It refuses invalid JSON anywhere in data and duplicate
// keys with the frame's malformed_request errors.
func splitObject(data []byte, scratch []member) ([]member, error) {
	s := jsonScanner{data: data}
	if !s.takeAfterSpace('{') {
		return nil, kefu.Errorf(kefu.CodeMalformed, "frame must be a JSON object")
	}
	members, err := s.objectMembers(scratch[:0])
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos != len(data) {
		return nil, kefu.Errorf(kefu.CodeMalformed, "unexpected data after the frame object")
	}
	return members, nil
}

// jsonScanner reads JSON from data, a byte at a time, from pos on.
type jsonScanner struct {
	data []byte
	pos  int
	err  error // why the scan stopped, when that was more than a syntax error
}

// objectMembers reads the members of the object whose '{' was just taken, through its '}'.
// A duplicate key is reported as soon as its value has been read, as encoding/json's token
// stream did, so it wins over syntax errors further on.
func (s *jsonScanner) objectMembers(members []member) ([]member, error) {
	if s.takeAfterSpace('}') {
		return members, nil
	}
	var keys keyIndex
	for {
		m, ok := s.member()
		if !ok {
			return nil, s.syntaxError()
		}
		if keys.seen(members, m.key) {
			return nil, jsonstrict.DuplicateKey(string(m.key))
		}
		members = append(members, m)
		if s.takeAfterSpace('}') {
			return members, nil
		}
		if !s.takeAfterSpace(',') {
			return nil, s.syntaxError()
		}
	}
}

// syntaxError is the error for the scan that just failed.
func (s *jsonScanner) syntaxError() error {
	if s.err != nil {
		return s.err
	}
	return kefu.Errorf(kefu.CodeMalformed, "frame is not valid JSON")
}

// member reads one "key": value pair.
func (s *jsonScanner) member() (member, bool) {
	key, ok := s.key()
	if !ok || !s.takeAfterSpace(':') {
		return member{}, false
	}
	s.skipSpace()
	start := s.pos
	if !s.skipValue() {
		return member{}, false
	}
	return member{key: key, value: s.data[start:s.pos]}, true
}

// key reads an object key and returns it unescaped.
func (s *jsonScanner) key() ([]byte, bool) {
	s.skipSpace()
	content, escaped, ok := s.scanString()
	if escaped {
		content = []byte(unescape(content)) // rare: clients have no reason to escape a key
	}
	return content, ok
}

// skipValue checks the syntax of the value that starts at pos, after optional whitespace, and
// moves past it. It alternates between descending into a value, which may open containers,
// and ascending out of the containers that the value completed.
func (s *jsonScanner) skipValue() bool {
	var inline [16]byte
	closers := inline[:0] // the closing bracket of every container entered and not yet left
	for {
		var ok bool
		if closers, ok = s.descend(closers); !ok {
			return false
		}
		if closers, ok = s.ascend(closers); !ok {
			return false
		}
		if len(closers) == 0 {
			return true
		}
	}
}

// descend reads the start of a value: opening brackets (and the first key of each object)
// until it has read a scalar or an empty container.
func (s *jsonScanner) descend(closers []byte) ([]byte, bool) {
	for {
		s.skipSpace()
		if s.pos == len(s.data) {
			return closers, false
		}
		var closer byte
		switch s.data[s.pos] {
		case '{':
			closer = '}'
		case '[':
			closer = ']'
		default:
			return closers, s.skipScalar()
		}
		if len(closers) == maxNestingDepth {
			return closers, false // counted on opening, so even an empty container is too deep
		}
		s.pos++
		if s.takeAfterSpace(closer) {
			return closers, true
		}
		closers = append(closers, closer)
		if closer == '}' && !s.skipKeyAndColon() {
			return closers, false
		}
	}
}

// ascend reads what follows a complete value: closing brackets until a comma (and the key
// after it, in an object) announces the next value, or the outermost container is closed.
func (s *jsonScanner) ascend(closers []byte) ([]byte, bool) {
	for len(closers) > 0 {
		closer := closers[len(closers)-1]
		switch {
		case s.takeAfterSpace(closer):
			closers = closers[:len(closers)-1]
		case s.takeAfterSpace(','):
			return closers, closer == ']' || s.skipKeyAndColon()
		default:
			return closers, false
		}
	}
	return closers, true
}

func (s *jsonScanner) skipKeyAndColon() bool {
	s.skipSpace()
	_, _, ok := s.scanString()
	return ok && s.takeAfterSpace(':')
}

// skipScalar moves past the string, number, true, false or null at pos.
func (s *jsonScanner) skipScalar() bool {
	switch s.data[s.pos] {
	case '"':
		_, _, ok := s.scanString()
		return ok
	case 't':
		return s.takeWord("true")
	case 'f':
		return s.takeWord("false")
	case 'n':
		return s.takeWord("null")
	}
	return s.skipNumber()
}

// scanString checks the string at pos and moves past it, returning what is between the quotes
// and whether that contains escapes.
func (s *jsonScanner) scanString() (content []byte, escaped, ok bool) {
	if !s.take('"') {
		return nil, false, false
	}
	start := s.pos
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == '"':
			s.pos++
			return s.data[start : s.pos-1], escaped, true
		case c == '\\':
			n := escapeLen(s.data[s.pos:])
			if n <= 0 {
				if n < 0 {
					s.err = jsonstrict.UnpairedSurrogate()
				}
				return nil, false, false
			}
			escaped = true
			s.pos += n
		case c < ' ':
			return nil, false, false
		default:
			s.pos++
		}
	}
	return nil, false, false
}

// escapeLen returns the length of the valid escape sequence at the start of b: 12 for a
// surrogate pair, which counts as one. It returns 0 for a syntax error and -1 for a surrogate
// outside a valid pair.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		if r := hex4(b[2:6]); r < 0 || utf16.IsSurrogate(r) {
			return surrogateLen(b, r)
		}
		return 6
	}
	return 0
}

// surrogateLen is escapeLen for a \u escape of r, which is a surrogate or -1 for bad hex
// digits. As in jsontext (see package jsonstrict), a frame that ends where the escape of the
// pair's low half could still follow is cut short, a syntax error; any other surrogate that
// does not start a valid pair is unpaired.
func surrogateLen(b []byte, r rune) int {
	switch {
	case r < 0:
		return 0
	case len(b) < 12 && isLowEscapePrefix(b[6:]):
		return 0
	case len(b) >= 12 && b[6] == '\\' && b[7] == 'u' && utf16.DecodeRune(r, hex4(b[8:12])) != utf8.RuneError:
		return 12
	}
	return -1
}

// isLowEscapePrefix reports whether b, shorter than an escape, could be the start of the escape
// of a low surrogate: \, \u, \ud, \udc to \udf, then hexadecimal digits.
func isLowEscapePrefix(b []byte) bool {
	for i, c := range b {
		var ok bool
		switch i {
		case 0:
			ok = c == '\\'
		case 1:
			ok = c == 'u'
		case 2:
			ok = c == 'd' || c == 'D'
		case 3:
			ok = bytes.IndexByte([]byte("cdefCDEF"), c) >= 0
		default:
			ok = hex4([]byte{c, '0', '0', '0'}) >= 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// skipNumber moves past the longest JSON number at pos and leaves whatever follows it to the
// caller (see the file comment). It fails only where a number is cut short: "-", "1.", "1e+".
func (s *jsonScanner) skipNumber() bool {
	s.take('-') // an optional sign
	// A leading 0 stands alone: 01 is the number 0 and a stray 1.
	if !s.take('0') && s.skipDigits() == 0 {
		return false
	}
	if s.take('.') && s.skipDigits() == 0 {
		return false
	}
	if s.take('e') || s.take('E') {
		_ = s.take('+') || s.take('-')
		if s.skipDigits() == 0 {
			return false
		}
	}
	return true
}

func (s *jsonScanner) skipDigits() int {
	start := s.pos
	for s.pos < len(s.data) && isDigit(s.data[s.pos]) {
		s.pos++
	}
	return s.pos - start
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// take moves past c if it is the next byte.
func (s *jsonScanner) take(c byte) bool {
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// takeAfterSpace moves past whitespace and then c, if c is the next byte after it.
func (s *jsonScanner) takeAfterSpace(c byte) bool {
	s.skipSpace()
	return s.take(c)
}

// takeWord moves past word if it comes next. Like a number, a word ends without looking at the
// next byte: in {"a":truex} the stray x is the syntax error.
func (s *jsonScanner) takeWord(word string) bool {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return false
	}
	s.pos += len(word)
	return true
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		default:
			return
		}
	}
}

// keyIndex finds duplicate keys in one object.
type keyIndex struct {
	keys map[string]struct{} // every key so far, once the object has more than smallObject
}

// seen reports whether key is among earlier, the keys read so far, and remembers it.
func (x *keyIndex) seen(earlier []member, key []byte) bool {
	if len(earlier) < smallObject {
		for _, m := range earlier {
			if bytes.Equal(m.key, key) {
				return true
			}
		}
		return false
	}
	if x.keys == nil {
		x.keys = make(map[string]struct{}, 2*len(earlier))
		for _, m := range earlier {
			x.keys[string(m.key)] = struct{}{}
		}
	}
	if _, dup := x.keys[string(key)]; dup {
		return true
	}
	x.keys[string(key)] = struct{}{}
	return false
}
