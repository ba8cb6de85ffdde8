package jsonenc_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/jsonenc/jsonenctest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestStringEveryRune(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := "a" + string(r) + "b"
		jsonenctest.SameAsMarshal(t, "string", jsonenc.String(nil, s), s)
	}
	for c := range 256 {
		s := string([]byte{'x', byte(c), 'y'}) // lone bytes: ASCII and invalid UTF-8
		jsonenctest.SameAsMarshal(t, "string", jsonenc.String(nil, s), s)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"", "<a href=\"x\">&</a>", "\u2028\xff\x00中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		jsonenctest.SameAsMarshal(t, "string", jsonenc.String(nil, s), s)
	})
}

// TestDomainTypesMatchEncodingJSON fills every field of each type with random data many times
// over and compares the hand-written encoding with encoding/json's. A field added to a type and
// not to its encoder makes this fail.
func TestDomainTypesMatchEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var ev kefu.Event
		jsonenctest.Fill(r, &ev)
		jsonenctest.SameAsMarshal(t, "event", jsonenc.Event([]byte{}, &ev), ev)

		var m kefu.Message
		jsonenctest.Fill(r, &m)
		jsonenctest.SameAsMarshal(t, "message", jsonenc.Message(nil, &m), m)

		var c kefu.Conversation
		jsonenctest.Fill(r, &c)
		jsonenctest.SameAsMarshal(t, "conversation", jsonenc.Conversation(nil, &c), c)

		var a kefu.Attachment
		jsonenctest.Fill(r, &a)
		jsonenctest.SameAsMarshal(t, "attachment", jsonenc.Attachment(nil, &a), a)
	}
}

func TestEventOmitsEmptyMembers(t *testing.T) {
	ev := kefu.Event{Type: kefu.EventMessageCreated}
	jsonenctest.SameAsMarshal(t, "bare event", jsonenc.Event(nil, &ev), ev)
	if bytes.Contains(jsonenc.Event(nil, &ev), []byte(`"message"`)) {
		t.Fatal("a nil message must be left out")
	}
}

func TestAppendsToWhatIsThere(t *testing.T) {
	got := jsonenc.String([]byte("prefix:"), "v")
	if string(got) != `prefix:"v"` {
		t.Fatalf("got %s", got)
	}
}

func BenchmarkEvent(b *testing.B) {
	ev := benchEvent()
	buf := make([]byte, 0, 2048)
	b.ReportAllocs()
	for b.Loop() {
		buf = jsonenc.Event(buf[:0], ev)
	}
}

func BenchmarkEventEncodingJSON(b *testing.B) {
	ev := benchEvent()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(ev); err != nil {
			b.Fatal(err)
		}
	}
}

// benchEvent is a message.created event as a visitor's text message makes it.
func benchEvent() *kefu.Event {
	r := rand.New(rand.NewPCG(3, 4))
	var m kefu.Message
	var c kefu.Conversation
	jsonenctest.Fill(r, &m)
	jsonenctest.Fill(r, &c)
	m.Content, m.Attachments = "您好，我想问一下订单什么时候发货？ order #12345", nil
	return &kefu.Event{Seq: 12345, Type: kefu.EventMessageCreated, ConversationID: m.ConversationID,
		Message: &m, Conversation: &c, CreatedAt: m.CreatedAt}
}

// TestEncodeCopiesOutOfTheScratchBuffer checks that what Encode returns is exactly the encoding,
// in memory of its own: the next encoding, which reuses the scratch buffer, must not change it.
func TestEncodeCopiesOutOfTheScratchBuffer(t *testing.T) {
	first := jsonenc.Encode(func(b []byte) []byte { return jsonenc.String(b, "first") })
	firstString := jsonenc.EncodeString(func(b []byte) []byte { return jsonenc.String(b, "one") })
	for range 10 {
		jsonenc.Encode(func(b []byte) []byte { return jsonenc.String(b, "overwritten") })
	}
	if string(first) != `"first"` || cap(first) != len(first) {
		t.Errorf("Encode: got %q (cap %d), want %q exactly", first, cap(first), `"first"`)
	}
	if firstString != `"one"` {
		t.Errorf("EncodeString: got %q, want %q", firstString, `"one"`)
	}
}
