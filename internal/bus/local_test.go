package bus

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// recorder is a subscriber that keeps what it got.
type recorder struct {
	mu   sync.Mutex
	seqs []int64
}

func (r *recorder) handle(events []kefu.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range events {
		r.seqs = append(r.seqs, e.Seq)
	}
}

func (r *recorder) got() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seqs)
}

func batch(seqs ...int64) []kefu.Event {
	evs := make([]kefu.Event, len(seqs))
	for i, s := range seqs {
		evs[i] = kefu.Event{Seq: s}
	}
	return evs
}

// run starts b and returns a function that stops it and waits for Run to return.
func run(t *testing.T, b *Local) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run: %v", err)
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestEverySubscriberGetsEveryBatchInOrder(t *testing.T) {
	b := NewLocal(nil)
	var first, second recorder
	b.Subscribe("first", first.handle)
	b.Subscribe("second", second.handle)
	stop := run(t, b)
	defer stop()
	var want []int64
	for i := int64(1); i <= 1000; i += 2 {
		b.Publish(batch(i, i+1))
		want = append(want, i, i+1)
	}
	waitFor(t, "all events", func() bool { return len(second.got()) == len(want) })
	if got := first.got(); !slices.Equal(got, want) {
		t.Fatalf("first got %d events out of order or missing, want 1..1000", len(got))
	}
	if got := second.got(); !slices.Equal(got, want) {
		t.Fatalf("second got %d events out of order or missing, want 1..1000", len(got))
	}
}

func TestRunDeliversWhatWasQueuedBeforeItStops(t *testing.T) {
	b := NewLocal(nil)
	var r recorder
	b.Subscribe("r", r.handle)
	for i := int64(1); i <= 10; i++ {
		b.Publish(batch(i)) // queued: Run has not started
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.got(); len(got) != 10 {
		t.Fatalf("got %v after a cancelled Run, want the 10 queued events delivered", got)
	}
}

func TestPublishAfterRunReturnedDoesNotBlock(t *testing.T) {
	b := NewLocal(nil)
	run(t, b)()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 2*queueBatches; i++ {
			b.Publish(batch(int64(i)))
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a stopped bus; want it to drop the events")
	}
}

func TestPublishWaitsWhileTheQueueIsFull(t *testing.T) {
	b := NewLocal(nil)
	for i := 0; i < queueBatches; i++ {
		b.Publish(batch(int64(i)))
	}
	published := make(chan struct{})
	go func() {
		b.Publish(batch(-1))
		close(published)
	}()
	select {
	case <-published:
		t.Fatal("Publish returned with a full queue; want it to wait (back-pressure on the writer)")
	case <-time.After(50 * time.Millisecond):
	}
	var r recorder
	b.Subscribe("r", r.handle)
	stop := run(t, b)
	defer stop()
	<-published
	waitFor(t, "the waiting batch", func() bool { return len(r.got()) == queueBatches+1 })
}

func TestRunTwiceFails(t *testing.T) {
	b := NewLocal(nil)
	run(t, b)() // ran and returned
	if err := b.Run(context.Background()); err == nil {
		t.Fatal("second Run returned nil, want an error")
	}
}
