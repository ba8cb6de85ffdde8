package wxtoken

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a settable time for the tests; the cache reads it through Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// platform is a fake token endpoint: each fetch returns a new token valid for ttl.
type platform struct {
	calls atomic.Int32
	ttl   time.Duration
	delay time.Duration
	err   error
}

func (p *platform) fetch(ctx context.Context) (string, time.Duration, error) {
	n := p.calls.Add(1)
	if p.delay > 0 {
		time.Sleep(p.delay)
	}
	if p.err != nil {
		return "", 0, p.err
	}
	return fmt.Sprintf("token-%d", n), p.ttl, nil
}

func setup() (*Cache, *memStore, *clock, *platform) {
	s, clk := newMemStore(), &clock{now: time.Unix(1_700_000_000, 0)}
	c := New(Options{Store: s, Now: clk.Now, Wait: 5 * time.Millisecond})
	return c, s, clk, &platform{ttl: 2 * time.Hour}
}

func mustToken(t *testing.T, c *Cache, p *platform) string {
	t.Helper()
	tok, err := c.Token(context.Background(), "wechat:wx1", p.fetch)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestConcurrentCallersFetchOnce(t *testing.T) {
	c, _, _, p := setup()
	p.delay = 50 * time.Millisecond
	var wg sync.WaitGroup
	got := make([]string, 20)
	for i := range got {
		wg.Go(func() { got[i] = mustToken(t, c, p) })
	}
	wg.Wait()
	if p.calls.Load() != 1 {
		t.Fatalf("fetch called %d times", p.calls.Load())
	}
	for i, tok := range got {
		if tok != "token-1" {
			t.Fatalf("caller %d got %q", i, tok)
		}
	}
}

func TestExpiredTokenIsFetchedAgain(t *testing.T) {
	c, s, clk, p := setup()
	first := mustToken(t, c, p)
	if want := clk.Now().Add(2 * time.Hour); !s.tokens["wechat:wx1"].ExpiresAt.Equal(want) {
		t.Fatalf("saved expiry %v, want %v", s.tokens["wechat:wx1"].ExpiresAt, want)
	}
	clk.Add(time.Hour)
	if again := mustToken(t, c, p); again != first || p.calls.Load() != 1 {
		t.Fatalf("within its life: %q after %d fetches", again, p.calls.Load())
	}
	clk.Add(time.Hour + time.Second)
	if next := mustToken(t, c, p); next == first || p.calls.Load() != 2 {
		t.Fatalf("after expiry: %q after %d fetches", next, p.calls.Load())
	}
}

func TestTokenIsRefreshedEarly(t *testing.T) {
	c, _, clk, p := setup()
	first := mustToken(t, c, p)
	clk.Add(2*time.Hour - 5*time.Minute - time.Second) // just outside the early margin
	if tok := mustToken(t, c, p); tok != first {
		t.Fatalf("refreshed too early: %q", tok)
	}
	clk.Add(2 * time.Second) // inside the last five minutes, still valid
	if tok := mustToken(t, c, p); tok == first || p.calls.Load() != 2 {
		t.Fatalf("not refreshed early: %q after %d fetches", tok, p.calls.Load())
	}
}

func TestInvalidateFetchesOnce(t *testing.T) {
	c, _, _, p := setup()
	ctx := context.Background()
	first := mustToken(t, c, p)
	if err := c.Invalidate(ctx, "wechat:wx1", first); err != nil {
		t.Fatal(err)
	}
	second := mustToken(t, c, p)
	if second == first || p.calls.Load() != 2 {
		t.Fatalf("after invalidate: %q after %d fetches", second, p.calls.Load())
	}
	// A late report about the old token must not throw the new one away.
	if err := c.Invalidate(ctx, "wechat:wx1", first); err != nil {
		t.Fatal(err)
	}
	if tok := mustToken(t, c, p); tok != second || p.calls.Load() != 2 {
		t.Fatalf("a stale invalidate cost a fetch: %q after %d", tok, p.calls.Load())
	}
}

// Another process (a second Cache over the same store) reuses the token the first fetched,
// and learns of an invalidation through the store.
func TestSecondProcessSharesTheStore(t *testing.T) {
	a, s, clk, p := setup()
	b := New(Options{Store: s, Now: clk.Now, Wait: 5 * time.Millisecond})
	first := mustToken(t, a, p)
	if tok := mustToken(t, b, p); tok != first || p.calls.Load() != 1 {
		t.Fatalf("second process: %q after %d fetches", tok, p.calls.Load())
	}
	if err := b.Invalidate(context.Background(), "wechat:wx1", first); err != nil {
		t.Fatal(err)
	}
	second := mustToken(t, b, p)
	// a still remembers the old token in its memo until the platform refuses it there too.
	if err := a.Invalidate(context.Background(), "wechat:wx1", first); err != nil {
		t.Fatal(err)
	}
	if tok := mustToken(t, a, p); tok != second || p.calls.Load() != 2 {
		t.Fatalf("first process after both invalidated: %q after %d fetches", tok, p.calls.Load())
	}
}

// While another process holds the lease, a caller waits for its token rather than fetching.
func TestWaitsForAnotherRefresher(t *testing.T) {
	c, s, clk, p := setup()
	ctx := context.Background()
	if ok, _ := s.LeasePlatformTokenRefresh(ctx, "wechat:wx1", clk.Now(), clk.Now().Add(time.Minute)); !ok {
		t.Fatal("could not take the lease")
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		_ = s.SavePlatformToken(ctx, "wechat:wx1", "from-the-other", clk.Now().Add(time.Hour))
	}()
	if tok := mustToken(t, c, p); tok != "from-the-other" || p.calls.Load() != 0 {
		t.Fatalf("got %q after %d fetches", tok, p.calls.Load())
	}
}

// A refresher that dies leaves its lease to lapse; then a waiting caller takes it.
func TestLapsedLeaseIsTakenOver(t *testing.T) {
	c, s, clk, p := setup()
	ctx := context.Background()
	_, _ = s.LeasePlatformTokenRefresh(ctx, "wechat:wx1", clk.Now(), clk.Now().Add(30*time.Second))
	go func() {
		time.Sleep(20 * time.Millisecond)
		clk.Add(31 * time.Second)
	}()
	if tok := mustToken(t, c, p); tok != "token-1" || p.calls.Load() != 1 {
		t.Fatalf("got %q after %d fetches", tok, p.calls.Load())
	}
}

func TestWaitingIsBoundedByTheContext(t *testing.T) {
	c, s, clk, p := setup()
	_, _ = s.LeasePlatformTokenRefresh(context.Background(), "wechat:wx1", clk.Now(), clk.Now().Add(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.Token(ctx, "wechat:wx1", p.fetch); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

// During the early window another process's refresh does not hold anyone up: the old token
// is still valid and is used meanwhile.
func TestStillValidTokenServesWhileAnotherRefreshes(t *testing.T) {
	c, s, clk, p := setup()
	ctx := context.Background()
	_ = s.SavePlatformToken(ctx, "wechat:wx1", "old", clk.Now().Add(2*time.Minute))
	_, _ = s.LeasePlatformTokenRefresh(ctx, "wechat:wx1", clk.Now(), clk.Now().Add(time.Minute))
	if tok := mustToken(t, c, p); tok != "old" || p.calls.Load() != 0 {
		t.Fatalf("got %q after %d fetches", tok, p.calls.Load())
	}
}

func TestFetchErrorsAreReturned(t *testing.T) {
	c, s, _, p := setup()
	p.err = errors.New("errcode 40013: invalid appid")
	_, err := c.Token(context.Background(), "wechat:wx1", p.fetch)
	if !errors.Is(err, p.err) {
		t.Fatalf("err = %v", err)
	}
	if s.tokens["wechat:wx1"].Token != "" {
		t.Fatalf("a token was saved: %+v", s.tokens["wechat:wx1"])
	}
	empty := func(context.Context) (string, time.Duration, error) { return "", time.Hour, nil }
	if _, err := New(Options{Store: newMemStore()}).Token(context.Background(), "k", empty); err == nil {
		t.Fatal("an empty token was accepted")
	}
	if _, err := c.Token(context.Background(), "", p.fetch); err == nil {
		t.Fatal("an empty key was accepted")
	}
}

func TestIsTokenError(t *testing.T) {
	for code, want := range map[int]bool{40001: true, 40014: true, 42001: true, 0: false, 40013: false, 45015: false, -1: false} {
		if IsTokenError(code) != want {
			t.Errorf("IsTokenError(%d) = %v", code, !want)
		}
	}
}

// saveBeforeLease is a store where another process saves a token (ending its lease) just
// after this process read the store and just before it asks for the lease.
type saveBeforeLease struct {
	*memStore
	once sync.Once
	at   time.Time
}

func (s *saveBeforeLease) LeasePlatformTokenRefresh(ctx context.Context, key string, now, until time.Time) (bool, error) {
	s.once.Do(func() { _ = s.SavePlatformToken(ctx, key, "saved-meanwhile", s.at.Add(time.Hour)) })
	return s.memStore.LeasePlatformTokenRefresh(ctx, key, now, until)
}

func TestATokenSavedBeforeTheLeaseIsNotFetchedAgain(t *testing.T) {
	_, _, clk, p := setup()
	s := &saveBeforeLease{memStore: newMemStore(), at: clk.Now()}
	c := New(Options{Store: s, Now: clk.Now})
	tok, err := c.Token(context.Background(), "wechat:wx1", p.fetch)
	if err != nil || tok != "saved-meanwhile" || p.calls.Load() != 0 {
		t.Fatalf("got %q, %v after %d fetches", tok, err, p.calls.Load())
	}
	if held := s.tokens["wechat:wx1"].RefreshingUntil; !held.IsZero() {
		t.Fatalf("the unneeded lease is still held until %v", held)
	}
}
