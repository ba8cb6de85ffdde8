package realtime

import (
	"context"
	"errors"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// recorder is an emitFunc that remembers what it was given.
type recorder struct{ items []item }

func (r *recorder) emit(it item) error {
	if it.frame != nil {
		r.items = append(r.items, it)
	}
	return nil
}

func (r *recorder) cursors() []int64 {
	var out []int64
	for _, it := range r.items {
		out = append(out, it.cursor)
	}
	return out
}

func TestAgentResumeDeliver(t *testing.T) {
	b := newFakeBackend()
	b.addConversation("cv", "o", "i", "c") // 1
	for range 4 {
		b.addMessage("cv", kefu.SenderContact, kefu.KindText, "x") // 2..5
	}
	ev := func(seq int64) item {
		return agentItem(&b.events["o"][seq-1])
	}
	a := &agentResume{backend: b, actor: kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o", AgentID: "a", Role: kefu.RoleAgent}, log: discardLogger(), last: 1}
	rec := &recorder{}
	steps := []struct {
		name string
		in   item
		want []int64
	}{
		{"next in line", ev(2), []int64{2}},
		{"duplicate", ev(2), []int64{2}},
		{"older", ev(1), []int64{2}},
		{"gap refilled", ev(5), []int64{2, 3, 4, 5}},
		{"ephemeral passes", item{typ: "typing", frame: []byte(`{}`)}, []int64{2, 3, 4, 5, 0}},
	}
	for _, s := range steps {
		if err := a.deliver(context.Background(), s.in, rec.emit); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := rec.cursors(); !equalInts(got, s.want) {
			t.Fatalf("%s: got cursors %v, want %v", s.name, got, s.want)
		}
	}
	b.retainAfter = 100
	a.last = 1
	if err := a.deliver(context.Background(), ev(5), rec.emit); kefu.ErrorCode(err) != kefu.CodeResyncRequired {
		t.Fatalf("got %v, want resync_required when the refill is no longer retained", err)
	}
}

func TestVisitorResumeDeliver(t *testing.T) {
	b := newFakeBackend()
	b.addConversation("cv", "o", "i", "c")
	var evs []kefu.Event
	for _, k := range []kefu.MessageKind{kefu.KindText, kefu.KindNote, kefu.KindText, kefu.KindText} {
		evs = append(evs, b.addMessage("cv", kefu.SenderAgent, k, "x")) // seqs 1..4, 2 is a note
	}
	vi := func(i int) item {
		it, _ := visitorItem(&evs[i], testLinks{})
		return it
	}
	v := &visitorResume{backend: b, actor: kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o", InboxID: "i", ContactID: "c"}, last: map[string]int64{}}
	rec := &recorder{}
	for _, i := range []int{0, 1, 0, 3} { // 1, advance 2, duplicate 1, gap: 3 refilled before 4
		if err := v.deliver(context.Background(), vi(i), rec.emit); err != nil {
			t.Fatal(err)
		}
	}
	var seqs []int64
	for _, it := range rec.items {
		seqs = append(seqs, it.seq)
	}
	if !equalInts(seqs, []int64{1, 3, 4}) || b.refillCalls != 1 {
		t.Fatalf("got seqs %v after %d refills, want [1 3 4] after 1", seqs, b.refillCalls)
	}
}

// A conversation whose newest message is private (a note, an activity event) is synced up to
// its last seq: the next live message is in line, not a gap to refill.
func TestVisitorBeginStartsAtLastSeq(t *testing.T) {
	b := newFakeBackend()
	b.addConversation("cv", "o", "i", "c")
	b.addMessage("cv", kefu.SenderContact, kefu.KindText, "hi") // 1
	b.addMessage("cv", kefu.SenderAgent, kefu.KindNote, "vip")  // 2, private
	v := &visitorResume{backend: b, actor: kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o", InboxID: "i", ContactID: "c"}}
	rec := &recorder{}
	if err := v.begin(context.Background(), rec.emit); err != nil {
		t.Fatal(err)
	}
	live, _ := visitorItem(new(b.addMessage("cv", kefu.SenderAgent, kefu.KindText, "hello")), testLinks{}) // 3
	if err := v.deliver(context.Background(), live, rec.emit); err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, it := range rec.items {
		if it.seq > 0 {
			seqs = append(seqs, it.seq)
		}
	}
	if !equalInts(seqs, []int64{1, 3}) || b.refillCalls != 0 {
		t.Fatalf("got seqs %v after %d refills, want [1 3] after none", seqs, b.refillCalls)
	}
}

func TestVisitorBeginFailure(t *testing.T) {
	b := newFakeBackend()
	b.failSync = kefu.Internal(errors.New("db down"))
	v := &visitorResume{backend: b, actor: kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o", ContactID: "c"}}
	rec := &recorder{}
	if err := v.begin(context.Background(), rec.emit); kefu.ErrorCode(err) != kefu.CodeInternal || len(rec.items) != 0 {
		t.Fatalf("got %v and %d frames, want the internal error before any frame", err, len(rec.items))
	}
}
