package codecs

import (
	"bytes"
	stdjson "encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/mailru/easyjson"
	"github.com/mailru/easyjson/jwriter"

	"github.com/kefu-dev/kefu/internal/jsonenc"
	"github.com/kefu-dev/kefu/internal/jsonenc/jsonenctest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// v1Options makes encoding/json v2 write what encoding/json (v1) writes: HTML-safe escaping,
// nil slices as null, omitempty as v1 reads it.
var v1Options = jsonv1.DefaultOptionsV1()

// easyBytes is easyjson used as its docs say: a jwriter.Writer, whose chunks come from its own
// pool, built into one slice of the exact size (as jsonenc.Encode returns).
func easyBytes(v easyjson.Marshaler) []byte {
	var w jwriter.Writer
	v.MarshalEasyJSON(&w)
	b, err := w.BuildBytes()
	if err != nil {
		panic(err)
	}
	return b
}

// TestSameBytes checks that every encoder benchmarked writes exactly what encoding/json writes
// for kefu's own value, so the benchmarks compare like with like.
func TestSameBytes(t *testing.T) {
	ev := sampleEvent()
	cases := []struct {
		name string
		want any // kefu's value, for encoding/json
		easy easyjson.Marshaler
		v2   any
		kefu []byte // nil: only in internal/realtime
	}{
		{"event", ev, (*Event)(ev), ev, jsonenc.Encode(func(b []byte) []byte { return jsonenc.Event(b, ev) })},
		{"agent", sampleAgentFrame(), sampleAgentFrame(), sampleAgentFrame(), nil},
		{"visitor", sampleVisitorFrame(), sampleVisitorFrame(), sampleVisitorFrame(), nil},
		{"ack", sampleVisitorAck(), sampleVisitorAck(), sampleVisitorAck(), nil},
	}
	for _, c := range cases {
		want, err := stdjson.Marshal(c.want)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := jsonv2.Marshal(c.v2, v1Options)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string][]byte{"easyjson": easyBytes(c.easy), "jsonv2": v2, "jsonenc": c.kefu} {
			if got != nil && !bytes.Equal(got, want) {
				t.Errorf("%s %s differs from encoding/json\n got: %s\nwant: %s", c.name, name, got, want)
			}
		}
	}
}

// BenchmarkEncode encodes each value into a new slice of its exact size, as kefu's frames are.
func BenchmarkEncode(b *testing.B) {
	ev := sampleEvent()
	bench := func(name string, enc func() []byte) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(enc())))
			for b.Loop() {
				if len(enc()) == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
	std := func(v any) func() []byte {
		return func() []byte {
			out, err := stdjson.Marshal(v)
			if err != nil {
				b.Fatal(err)
			}
			return out
		}
	}
	v2 := func(v any) func() []byte {
		return func() []byte {
			out, err := jsonv2.Marshal(v, v1Options)
			if err != nil {
				b.Fatal(err)
			}
			return out
		}
	}
	easy := func(v easyjson.Marshaler) func() []byte { return func() []byte { return easyBytes(v) } }

	enc := func(b []byte) []byte { return jsonenc.Event(b, ev) }
	bench("event/jsonenc", func() []byte { return jsonenc.Encode(enc) })
	bench("event/encoding-json", std(ev))
	bench("event/easyjson", easy((*Event)(ev)))
	bench("event/jsonv2", v2(ev))

	af, vf, ack := sampleAgentFrame(), sampleVisitorFrame(), sampleVisitorAck()
	bench("agent/encoding-json", std(af))
	bench("agent/easyjson", easy(af))
	bench("agent/jsonv2", v2(af))
	bench("visitor/encoding-json", std(vf))
	bench("visitor/easyjson", easy(vf))
	bench("visitor/jsonv2", v2(vf))
	bench("ack/encoding-json", std(ack))
	bench("ack/easyjson", easy(ack))
	bench("ack/jsonv2", v2(ack))
}

// TestRandomEvents fills events with random data (every escaping rule, several time zones, nil
// and empty slices) and compares easyjson's and encoding/json v2's output with encoding/json's,
// as internal/jsonenc's own test does for jsonenc. Neither is byte for byte the same: easyjson
// writes \b and \f as \u0008 and \u000c, v2 writes invalid UTF-8 as a literal U+FFFD instead
// of \ufffd. The test fails only if the JSON means something else, and logs how many differ
// in bytes.
func TestRandomEvents(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 3000
	differ := map[string]int{}
	for i := range n {
		var ev kefu.Event
		jsonenctest.Fill(r, &ev)
		want, err := stdjson.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := jsonv2.Marshal(&ev, v1Options)
		if err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string][]byte{"easyjson": easyBytes((*Event)(&ev)), "jsonv2": v2} {
			if bytes.Equal(got, want) {
				continue
			}
			differ[name]++
			var g, w any
			if stdjson.Unmarshal(got, &g) != nil || stdjson.Unmarshal(want, &w) != nil || !reflect.DeepEqual(g, w) {
				t.Fatalf("event %d: %s means something else than encoding/json\n got: %s\nwant: %s", i, name, got, want)
			}
		}
	}
	t.Logf("of %d random events, not byte for byte encoding/json's: %v", n, differ)
}
