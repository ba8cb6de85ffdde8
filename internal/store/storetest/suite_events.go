package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func testEvents(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	other := newWorld(t, s)
	second := w.newConversation(t)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			m := w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint(i))
			if i%2 == 1 {
				m.ConversationID = second.ID
			}
			_, _, err := s.AppendMessage(ctx, m, nil)
			if err != nil {
				t.Errorf("append: %v", err)
			}
			other.append(t, other.msg(kefu.SenderContact, kefu.KindText, "noise"))
		})
	}
	wg.Wait()
	all, err := s.ListEvents(ctx, w.org.ID, 0, 1000)
	must(t, err)
	// Two conversation.created, then twenty message.created.
	if len(all) != 22 {
		t.Fatalf("events: got %d, want 22", len(all))
	}
	for i, ev := range all {
		if ev.Seq != int64(i+1) || ev.OrgID != w.org.ID || ev.CreatedAt.IsZero() {
			t.Errorf("event %d: got seq %d org %s, want seq %d org %s", i, ev.Seq, ev.OrgID, i+1, w.org.ID)
		}
	}
	page, err := s.ListEvents(ctx, w.org.ID, 10, 5)
	must(t, err)
	if len(page) != 5 || page[0].Seq != 11 || page[4].Seq != 15 {
		t.Errorf("ListEvents after 10 limit 5: got %d from %d", len(page), firstSeq(page))
	}
	oldest, err := s.OldestEventSeq(ctx, w.org.ID)
	must(t, err)
	latest, err := s.LatestEventSeq(ctx, w.org.ID)
	must(t, err)
	if oldest != 1 || latest != 22 {
		t.Errorf("oldest, latest: got %d, %d, want 1, 22", oldest, latest)
	}
	if o, _ := s.OldestEventSeq(ctx, "no-such-org"); o != 0 {
		t.Errorf("OldestEventSeq of an org without events: got %d, want 0", o)
	}

	n, err := s.PruneEvents(ctx, time.Now().Add(time.Hour))
	must(t, err)
	if n < 22 {
		t.Errorf("PruneEvents: got %d deleted, want at least 22", n)
	}
	if o, _ := s.OldestEventSeq(ctx, w.org.ID); o != 0 {
		t.Errorf("OldestEventSeq after prune: got %d, want 0", o)
	}
	w.append(t, w.msg(kefu.SenderAgent, kefu.KindText, "after prune"))
	if l, _ := s.LatestEventSeq(ctx, w.org.ID); l != 23 {
		t.Errorf("event seq after prune: got %d, want 23 (seqs never repeat)", l)
	}
	n, err = s.PruneEvents(ctx, time.Now().Add(-time.Hour))
	must(t, err)
	if n != 0 {
		t.Errorf("PruneEvents of nothing old: got %d, want 0", n)
	}
}

// visibilitySink checks, for every batch, that its events are readable when published: the
// store calls Publish only after COMMIT.
type visibilitySink struct {
	sinkRecorder
	s         *store.Store
	invisible int
}

func (v *visibilitySink) Publish(events []kefu.Event) {
	last := events[len(events)-1]
	got, err := v.s.ListEvents(context.Background(), last.OrgID, last.Seq-1, 1)
	v.mu.Lock()
	if err != nil || len(got) != 1 {
		v.invisible++
	}
	v.mu.Unlock()
	v.sinkRecorder.Publish(events)
}

func testSink(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	sink := &visibilitySink{s: s}
	s.SetPublisher(sink)
	w := newWorld(t, s)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, _, err := s.AppendMessage(ctx, w.msg(kefu.SenderContact, kefu.KindText, fmt.Sprint(i)), nil); err != nil {
				t.Errorf("append: %v", err)
			}
		})
	}
	wg.Wait()
	latest, _ := s.LatestEventSeq(ctx, w.org.ID)
	checkFor(t, 5*time.Second, func() error {
		if n := len(sink.snapshot()); int64(n) != latest {
			return fmt.Errorf("published %d events, want %d", n, latest)
		}
		return nil
	})
	for i, ev := range sink.snapshot() {
		if ev.Seq != int64(i+1) || ev.OrgID != w.org.ID {
			t.Errorf("published event %d: got seq %d, want %d", i, ev.Seq, i+1)
		}
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if sink.invisible != 0 {
		t.Errorf("batches published before their events were readable: got %d, want 0", sink.invisible)
	}
}
