package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// leaseRace asks for the refresh lease of key from n goroutines at once and returns how many
// got it.
func leaseRace(t *testing.T, s *store.Store, key string, now time.Time, n int) int {
	t.Helper()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		wins int
	)
	for range n {
		wg.Go(func() {
			took, err := s.LeasePlatformTokenRefresh(context.Background(), key, now, now.Add(time.Minute))
			if err != nil {
				t.Errorf("lease: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if took {
				wins++
			}
		})
	}
	wg.Wait()
	return wins
}

// testPlatformTokenLease: of many processes asking for the refresh lease at once exactly one
// gets it, even when the row does not exist yet; a held lease is refused; a lapsed one is taken
// again; saving a token releases the lease and reads back with its expiry.
func testPlatformTokenLease(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	UseKeyring(t, s)
	key, now := next("wechat:wx"), time.Now().UTC().Truncate(time.Microsecond)
	if _, err := s.PlatformToken(ctx, key); !kefu.IsNotFound(err) {
		t.Fatalf("token before any write: err = %v, want not found", err)
	}
	if wins := leaseRace(t, s, key, now, 8); wins != 1 {
		t.Fatalf("8 simultaneous leases of a new key: %d won, want exactly 1", wins)
	}
	got, err := s.PlatformToken(ctx, key)
	if err != nil || got.Token != "" || !got.RefreshingUntil.Equal(now.Add(time.Minute)) {
		t.Fatalf("leased row = %+v, %v; want no token and the lease until %v", got, err, now.Add(time.Minute))
	}
	if wins := leaseRace(t, s, key, now.Add(30*time.Second), 4); wins != 0 {
		t.Errorf("leases while one is held: %d won, want 0", wins)
	}
	if wins := leaseRace(t, s, key, now.Add(2*time.Minute), 8); wins != 1 {
		t.Errorf("8 leases after the first lapsed: %d won, want exactly 1", wins)
	}
	expires := now.Add(2 * time.Hour)
	must(t, s.SavePlatformToken(ctx, key, "ACCESS_TOKEN_1", expires))
	got, err = s.PlatformToken(ctx, key)
	if err != nil || got.Key != key || got.Token != "ACCESS_TOKEN_1" || !got.ExpiresAt.Equal(expires) || !got.RefreshingUntil.IsZero() {
		t.Fatalf("saved token = %+v, %v; want ACCESS_TOKEN_1 until %v and no lease", got, err, expires)
	}
	if took, err := s.LeasePlatformTokenRefresh(ctx, key, now.Add(2*time.Minute), now.Add(3*time.Minute)); err != nil || !took {
		t.Errorf("lease after a save = %v, %v; want it free", took, err)
	}
}

// testPlatformTokenExpire: expiring a token other than the stored one changes nothing (another
// process already replaced it); expiring the stored one moves its expiry into the past and
// keeps the token; a save without a lease creates the row; bad input is refused.
func testPlatformTokenExpire(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	UseKeyring(t, s)
	key, later := next("wecom:ww"), time.Now().UTC().Add(time.Hour).Truncate(time.Microsecond)
	must(t, s.ExpirePlatformToken(ctx, key, "nothing-stored")) // no row: no error, no row made
	if _, err := s.PlatformToken(ctx, key); !kefu.IsNotFound(err) {
		t.Fatalf("token after expiring a missing one: err = %v, want not found", err)
	}
	must(t, s.SavePlatformToken(ctx, key, "NEW", later))
	must(t, s.ExpirePlatformToken(ctx, key, "OLD"))
	if got, err := s.PlatformToken(ctx, key); err != nil || got.Token != "NEW" || !got.ExpiresAt.Equal(later) {
		t.Fatalf("after expiring a stale token: %+v, %v; want NEW until %v", got, err, later)
	}
	must(t, s.ExpirePlatformToken(ctx, key, "NEW"))
	got, err := s.PlatformToken(ctx, key)
	if err != nil || got.Token != "NEW" || !got.ExpiresAt.Before(time.Now()) {
		t.Fatalf("after expiring the stored token: %+v, %v; want NEW with an expiry in the past", got, err)
	}
	wantCode(t, "save without a token", s.SavePlatformToken(ctx, key, "", later), kefu.CodeInvalid)
	wantCode(t, "save without an expiry", s.SavePlatformToken(ctx, key, "X", time.Time{}), kefu.CodeInvalid)
	wantCode(t, "save without a key", s.SavePlatformToken(ctx, "", "X", later), kefu.CodeInvalid)
	_, err = s.LeasePlatformTokenRefresh(ctx, key, later, later)
	wantCode(t, "an empty lease", err, kefu.CodeInvalid)
}

// testPlatformTokenRotation: a platform token is a sealed value like the others: a key rotation
// counts and reseals it, it reads back throughout, and the old key is retired after.
func testPlatformTokenRotation(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	k := UseKeyring(t, s)
	key, expires := next("wechat:wx"), time.Now().UTC().Add(time.Hour).Truncate(time.Microsecond)
	must(t, s.SavePlatformToken(ctx, key, "ROTATED_TOKEN", expires))
	if _, err := k.Rotate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountStale(ctx); err != nil || n != 1 {
		t.Fatalf("stale values after rotation = %d, %v; want the token", n, err)
	}
	wantToken(t, s, key, "ROTATED_TOKEN")
	if n, err := s.MigrateSealed(ctx, 10); err != nil || n != 1 {
		t.Fatalf("reseal = %d, %v; want 1", n, err)
	}
	wantToken(t, s, key, "ROTATED_TOKEN")
	if retired, inUse, err := s.RetireDataKeys(ctx); err != nil || len(retired) != 1 || len(inUse) != 0 {
		t.Fatalf("retire = %v, %v, %v; want the old key retired", retired, inUse, err)
	}
	wantToken(t, s, key, "ROTATED_TOKEN")
}

// wantToken checks the token key reads back as.
func wantToken(t *testing.T, s *store.Store, key, want string) {
	t.Helper()
	got, err := s.PlatformToken(context.Background(), key)
	if err != nil || got.Token != want {
		t.Errorf("token of %s = %+v, %v; want %q", key, got, err, want)
	}
}
