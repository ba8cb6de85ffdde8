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
			if _, _, err := s.AddLoginFailure(ctx, "account:a", now, old); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n, prev, err := s.AddLoginFailure(ctx, "account:a", now.Add(time.Second), old)
	must(t, err)
	if n != 11 || !prev.Equal(now) {
		t.Fatalf("after 11 failures got count %d, previous failure %s; want 11, %s", n, prev, now)
	}
	n, prev, err = s.AddLoginFailure(ctx, "ip:192.0.2.1", old, old.Add(-time.Hour))
	must(t, err)
	if n != 1 || !prev.IsZero() {
		t.Fatalf("a first failure got count %d, previous %s; want 1 and none", n, prev)
	}
	if n, prev, _ := s.AddLoginFailure(ctx, "ip:192.0.2.1", now, now.Add(-time.Hour)); n != 1 || !prev.Equal(old) {
		t.Fatalf("a failure after the forget window got count %d, previous %s; want 1, %s", n, prev, old)
	}
	got, err := s.LoginFailures(ctx, []string{"account:a", "ip:192.0.2.1", "device:none"})
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("LoginFailures got %+v, want two rows", got)
	}
	for _, f := range got {
		if f.Subject == "ip:192.0.2.1" && !f.LastFailedAt.Equal(now) || f.Subject == "account:a" && !f.LastFailedAt.Equal(now.Add(time.Second)) {
			t.Errorf("got %+v, want the last failure's time", f)
		}
	}
	must(t, s.ForgiveLoginFailure(ctx, "account:a"))
	if got, _ := s.LoginFailures(ctx, []string{"account:a"}); len(got) != 1 || got[0].Failures != 10 {
		t.Fatalf("after forgiving one of 11 got %+v, want 10", got)
	}
	must(t, s.ClearLoginFailures(ctx, []string{"account:a"}))
	if got, _ := s.LoginFailures(ctx, []string{"account:a"}); len(got) != 0 {
		t.Fatalf("after clear got %+v", got)
	}
	_, _, err = s.AddLoginFailure(ctx, "ip:198.51.100.1", old, old.Add(-time.Hour))
	must(t, err)
	pruned, err := s.DeleteLoginFailuresBefore(ctx, now.Add(-time.Hour))
	must(t, err)
	if pruned != 1 {
		t.Fatalf("pruned %d rows, want the one old row", pruned)
	}
}
