package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/store"
)

// testLoginFailures checks the shared sign-in failure counters: counting (concurrent failures
// included), forgetting old failures, clearing on success and pruning.
func testLoginFailures(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	old := now.Add(-2 * time.Hour)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.AddLoginFailure(ctx, "account:a", now, old); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n, err := s.AddLoginFailure(ctx, "account:a", now, old)
	must(t, err)
	if n != 11 {
		t.Fatalf("after 11 failures got count %d", n)
	}
	_, err = s.AddLoginFailure(ctx, "ip:192.0.2.1", old, old.Add(-time.Hour))
	must(t, err)
	if n, _ := s.AddLoginFailure(ctx, "ip:192.0.2.1", now, now.Add(-time.Hour)); n != 1 {
		t.Fatalf("a failure after the forget window got count %d, want 1", n)
	}
	got, err := s.LoginFailures(ctx, []string{"account:a", "ip:192.0.2.1", "device:none"})
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("LoginFailures got %+v, want two rows", got)
	}
	for _, f := range got {
		if !f.LastFailedAt.Equal(now) {
			t.Errorf("got %+v, want last failure at %s", f, now)
		}
	}
	must(t, s.ClearLoginFailures(ctx, []string{"account:a"}))
	if got, _ := s.LoginFailures(ctx, []string{"account:a"}); len(got) != 0 {
		t.Fatalf("after clear got %+v", got)
	}
	_, err = s.AddLoginFailure(ctx, "ip:198.51.100.1", old, old.Add(-time.Hour))
	must(t, err)
	pruned, err := s.DeleteLoginFailuresBefore(ctx, now.Add(-time.Hour))
	must(t, err)
	if pruned != 1 {
		t.Fatalf("pruned %d rows, want the one old row", pruned)
	}
}
