package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// The writer is a worker the server runs under its errgroup: when the group's context ends, the
// writer takes no new writes, and Close still closes the pools (a leak here exhausted
// PostgreSQL's connections across test servers).
func TestWriterStopsWithItsContext(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := store.Open(ctx, store.Options{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		ran := make(chan error, 1)
		go func() { ran <- s.Run(runCtx) }()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOrg(ctx, &kefu.Org{Name: "before"}); err != nil {
			t.Fatalf("a write while the writer runs: %v", err)
		}
		cancel()
		select {
		case err := <-ran:
			if err != nil {
				t.Fatalf("Run returned %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
		err = s.CreateOrg(ctx, &kefu.Org{Name: "after"})
		if kefu.ErrorCode(err) != kefu.CodeUnavailable {
			t.Fatalf("a write after the writer stopped: got %v, want unavailable", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := s.Ping(ctx); err == nil {
			t.Fatal("Ping after Close succeeded, want the pools closed")
		}
	})
}

// A store whose writer never ran fails the writes queued for it when it closes, instead of
// leaving their callers waiting.
func TestCloseWithoutRunFailsQueuedWrites(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{URL: t.TempDir() + "/kefu.db"})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.CreateOrg(ctx, &kefu.Org{Name: "queued"}) }()
	for s.QueueLen() == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; kefu.ErrorCode(err) != kefu.CodeUnavailable {
		t.Fatalf("the queued write got %v, want unavailable", err)
	}
}
