package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// TestHasherShedsWhenFull: with every slot taken, a hash waits its wait and is then answered
// overloaded with a retry hint; a freed slot serves the next one; a caller that leaves stops
// waiting.
func TestHasherShedsWhenFull(t *testing.T) {
	h := NewHasher(testPasswordParams, 1, 20*time.Millisecond)
	release, err := h.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Hash(context.Background(), "some password")
	if kefu.ErrorCode(err) != kefu.CodeOverloaded || retryAfter(err) != hashRetryAfter {
		t.Fatalf("got %v (retry %s), want overloaded with retry %s", err, retryAfter(err), hashRetryAfter)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewHasher(testPasswordParams, 1, time.Hour).verifyWhileFull(ctx, t); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled caller got %v, want context.Canceled", err)
	}
	release()
	phc, err := h.Hash(context.Background(), "some password")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Verify(context.Background(), phc, "some password"); !ok || err != nil {
		t.Fatalf("verify got %v, %v, want a match", ok, err)
	}
}

// verifyWhileFull takes h's only slot and verifies with ctx.
func (h *Hasher) verifyWhileFull(ctx context.Context, t *testing.T) (bool, error) {
	release, err := h.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	return h.Verify(ctx, mustHash(t, "x"), "x")
}

func TestNewHasherDefaults(t *testing.T) {
	h := NewHasher(PasswordParams{}, 0, 0)
	if h.Params() != DefaultPasswordParams() || cap(h.slots) != runtime.GOMAXPROCS(0) || h.wait != DefaultHashWait {
		t.Fatalf("got params %+v, %d slots, wait %s", h.Params(), cap(h.slots), h.wait)
	}
}

// Concurrent logins with the production parameters: the memory bound. Every argon2id hash
// holds MemoryKiB (19 MiB) while it runs, so 100 logins at once took 1.9 GiB before the cap.
// With hashSlots slots at most hashSlots hashes run at once; the Go heap also keeps the memory
// of finished hashes until the next collection (with GOGC=100 the heap may grow to twice what
// was live at the last one, which may include a hash that just finished) and new hashes
// allocate while a collection runs. Measured: 6 × 19 MiB for 2 slots. The bound: peak heap
// growth ≤ 4 × slots × MemoryKiB + 32 MiB for everything else, 184 MiB for 2 slots
// (docs/security.md states the same); without the cap it was 100 × 19 MiB = 1.9 GiB.
const hashSlots = 2

func memoryBound(p PasswordParams) uint64 {
	return 4*hashSlots*uint64(p.MemoryKiB)<<10 + 32<<20
}

func TestConcurrentLoginsMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes 100 passwords with the production parameters")
	}
	params := DefaultPasswordParams()
	st := storetest.OpenSQLite(t)
	svc, err := NewService(Options{
		Store: st, SecretKey: throttleSecret, Hasher: NewHasher(params, hashSlots, time.Minute),
	})
	if err != nil {
		t.Fatal(err)
	}
	mustAgents(t, st, params, 50)
	runtime.GC()
	base := heapBytes()
	peak := sampleHeap(func() { hundredLogins(t, svc) })
	growth := peak - min(peak, base)
	t.Logf("heap %d MiB before, peak %d MiB, growth %d MiB, bound %d MiB", base>>20, peak>>20, growth>>20, memoryBound(params)>>20)
	if growth > memoryBound(params) {
		t.Fatalf("heap grew by %d MiB during 100 concurrent logins, bound %d MiB", growth>>20, memoryBound(params)>>20)
	}
}

// mustAgents creates n agents, agent0@example.com and on, whose password is "password-1",
// hashed with params once for all.
func mustAgents(t *testing.T, st *store.Store, params PasswordParams, n int) {
	phc, err := HashPassword("password-1", params)
	if err != nil {
		t.Fatal(err)
	}
	org := &kefu.Org{Name: "Acme", Settings: kefu.DefaultOrgSettings()}
	ctx := context.Background()
	for i := range n {
		a := &kefu.Agent{OrgID: org.ID, Email: fmt.Sprintf("agent%d@example.com", i), Name: "Agent", Role: kefu.RoleAgent, PasswordHash: phc}
		if i == 0 {
			a.Role = kefu.RoleOwner
			err = st.CreateOrgWithOwner(ctx, org, a)
		} else {
			err = st.CreateAgent(ctx, a)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// hundredLogins signs in 100 times at once: 50 agents with their passwords and 50 unknown
// e-mails (the dummy hash), each from its own address so the throttle stays out of the way.
func hundredLogins(t *testing.T, svc *Service) {
	var wg sync.WaitGroup
	var ok atomic.Int32
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("agent%d@example.com", i/2)
			if i%2 == 1 {
				email = fmt.Sprintf("nobody%d@example.com", i)
			}
			_, err := svc.SignIn(context.Background(), LoginRequest{Email: email, Password: "password-1", ClientIP: fmt.Sprintf("10.0.%d.%d", i/250, i%250)})
			if err == nil {
				ok.Add(1)
			} else if kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
				t.Errorf("login %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 50 {
		t.Errorf("%d logins succeeded, want 50", ok.Load())
	}
}

// sampleHeap runs f and returns the largest heap size seen while it ran, sampled every
// millisecond.
func sampleHeap(f func()) uint64 {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var max uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				peak <- max
				return
			case <-tick.C:
				max = maxU(max, heapBytes())
			}
		}
	}()
	f()
	close(done)
	return maxU(<-peak, heapBytes())
}

func maxU(a, b uint64) uint64 { return max(a, b) }

// heapBytes is the memory held by heap objects, live or not yet swept.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
