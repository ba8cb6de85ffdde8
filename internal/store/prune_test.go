package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestPruneEventsInChunks checks that a prune deletes old events a chunk per write, so that
// other writes are never held back by more than one chunk, and keeps every newer event.
func TestPruneEventsInChunks(t *testing.T) {
	eachDatabase(t, testPruneEventsInChunks)
}

func testPruneEventsInChunks(t *testing.T, url string) {
	ctx := context.Background()
	var now atomic.Pointer[time.Time]
	t0 := time.Now().Add(-2 * time.Hour)
	now.Store(&t0)
	s := openWith(t, url, store.Options{Now: func() time.Time { return *now.Load() }})
	orgID, convs := benchConversations(t, s, 1)
	send := func() {
		t.Helper()
		m := &kefu.Message{OrgID: orgID, ConversationID: convs[0], SenderType: kefu.SenderContact, Content: "hi"}
		if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
	}
	for range 9 {
		send()
	}
	old, err := s.LatestEventSeq(ctx, orgID) // seqs start at 1: the number of old events
	if err != nil || old < 10 {
		t.Fatalf("events before the cut: %d, %v; want at least 10", old, err)
	}
	t1 := t0.Add(time.Hour)
	now.Store(&t1)
	for range 4 {
		send()
	}

	const chunk = 3
	_, ops0 := s.WriterStats()
	n, err := s.PruneEventsInChunks(ctx, t0.Add(30*time.Minute), chunk)
	if err != nil {
		t.Fatal(err)
	}
	if n != old {
		t.Fatalf("pruned %d events, want the %d older than the cut", n, old)
	}
	if _, ops := s.WriterStats(); ops-ops0 != old/chunk+1 {
		t.Errorf("pruned in %d writes, want %d (at most %d events each, the last one short)", ops-ops0, old/chunk+1, chunk)
	}
	if oldest, err := s.OldestEventSeq(ctx, orgID); err != nil || oldest != old+1 {
		t.Errorf("oldest event after prune: %d, %v; want %d, the first after the cut", oldest, err, old+1)
	}
	if latest, err := s.LatestEventSeq(ctx, orgID); err != nil || latest != old+4 {
		t.Errorf("latest event after prune: %d, %v; want %d", latest, err, old+4)
	}
}
