package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// TestCommitDelay checks both sides of Options.CommitDelay: an idle writer commits a lone write
// at once, and a busy one holds its batch open so that a write arriving meanwhile shares the
// commit. The delay is long so that a slow machine cannot blur the two.
func TestCommitDelay(t *testing.T) {
	eachDatabase(t, testCommitDelay)
}

func testCommitDelay(t *testing.T, url string) {
	const delay = 250 * time.Millisecond
	ctx := context.Background()
	s := openWith(t, url, store.Options{CommitDelay: delay})
	orgID, convs := benchConversations(t, s, 2)
	send := func(conv string) error {
		_, _, err := s.AppendMessage(ctx, &kefu.Message{OrgID: orgID, ConversationID: conv, SenderType: kefu.SenderContact, Content: "hi"}, nil)
		return err
	}

	time.Sleep(delay) // the set-up's writes leave the writer busy; now it is idle
	start := time.Now()
	if err := send(convs[0]); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took >= delay {
		t.Fatalf("an idle writer took %v to commit a lone write; it must not wait for the %v delay", took, delay)
	}

	// Just after a commit the writer is busy: the next write waits, and one sent 50 ms later
	// joins it in the same batch.
	batches0, ops0 := s.WriterStats()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i, conv := range convs {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 50 * time.Millisecond)
			errs <- send(conv)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if batches, ops := s.WriterStats(); batches-batches0 != 1 || ops-ops0 != 2 {
		t.Fatalf("busy writer: %d writes in %d batches, want 2 in 1", ops-ops0, batches-batches0)
	}
}
