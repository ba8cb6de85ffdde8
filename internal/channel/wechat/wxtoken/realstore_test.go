package wxtoken_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// Two kefu processes, each with its own store handle on one database and its own Cache,
// asking for the same token at once: the platform is asked once between them, and a token
// one of them reports refused is replaced once. SQLite always, PostgreSQL when
// KEFU_TEST_POSTGRES_URL is set.
func TestTwoProcessesOverTheRealStoreFetchOnce(t *testing.T) {
	for name, pair := range map[string]func(testing.TB) (*store.Store, *store.Store){
		"sqlite":   storetest.OpenSQLitePair,
		"postgres": storetest.OpenPostgresPair,
	} {
		t.Run(name, func(t *testing.T) {
			a, b := pair(t)
			testTwoProcesses(t, a, b)
		})
	}
}

func testTwoProcesses(t *testing.T, a, b *store.Store) {
	var calls atomic.Int32
	fetch := func(context.Context) (string, time.Duration, error) {
		n := calls.Add(1)
		time.Sleep(50 * time.Millisecond) // the platform takes a while; the others must wait
		return fmt.Sprintf("ACCESS_TOKEN_%d", n), 2 * time.Hour, nil
	}
	caches := []*wxtoken.Cache{
		wxtoken.New(wxtoken.Options{Store: a, Wait: 10 * time.Millisecond}),
		wxtoken.New(wxtoken.Options{Store: b, Wait: 10 * time.Millisecond}),
	}
	got := askAll(t, caches, fetch)
	if calls.Load() != 1 || len(got) != 1 || !got["ACCESS_TOKEN_1"] {
		t.Fatalf("first round: %d fetches, tokens %v", calls.Load(), got)
	}
	if err := caches[1].Invalidate(context.Background(), "wechat:wx1", "ACCESS_TOKEN_1"); err != nil {
		t.Fatal(err)
	}
	if err := caches[0].Invalidate(context.Background(), "wechat:wx1", "ACCESS_TOKEN_1"); err != nil {
		t.Fatal(err)
	}
	got = askAll(t, caches, fetch)
	if calls.Load() != 2 || len(got) != 1 || !got["ACCESS_TOKEN_2"] {
		t.Fatalf("after invalidate: %d fetches, tokens %v", calls.Load(), got)
	}
}

// askAll has ten goroutines per cache ask for the token at once and returns the set of
// tokens they got.
func askAll(t *testing.T, caches []*wxtoken.Cache, fetch wxtoken.Fetch) map[string]bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[string]bool{}
	for i := range 20 {
		wg.Go(func() {
			tok, err := caches[i%len(caches)].Token(ctx, "wechat:wx1", fetch)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			got[tok] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}
