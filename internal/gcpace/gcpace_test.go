package gcpace

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		name              string
		base              int
		headroom, scanned uint64
		want              int
	}{
		{"small heap gets the headroom", 100, 32 * mib, 8 * mib, 400},
		{"heap as large as the headroom keeps base", 100, 32 * mib, 32 * mib, 100},
		{"large heap keeps base", 100, 32 * mib, 200 * mib, 100},
		{"a higher base is kept", 300, 32 * mib, 16 * mib, 300},
		{"nothing scanned yet keeps base", 100, 32 * mib, 0, 100},
		{"near-empty heap is capped", 100, 32 * mib, 1, 1 << 20},
	} {
		if got := percentFor(c.base, c.headroom, c.scanned); got != c.want {
			t.Errorf("%s: percentFor(%d, %d, %d) = %d, want %d", c.name, c.base, c.headroom, c.scanned, got, c.want)
		}
	}
}

// withGOGC runs the test at the given GOGC and restores the process's afterwards.
func withGOGC(t *testing.T, percent int) {
	t.Helper()
	old := debug.SetGCPercent(percent)
	t.Cleanup(func() { debug.SetGCPercent(old) })
}

func readUint64(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// collectUntil runs collections until ok holds or a few seconds pass; the pacer adjusts on the
// runtime's cleanup goroutine, after the collection that freed its sentinel.
func collectUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s of collections: %s", what)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

func TestSmallHeapGetsHeadroom(t *testing.T) {
	withGOGC(t, 100)
	const headroom = 256 << 20 // far above this test binary's heap
	p := Start(t.Context(), headroom)
	defer p.Stop()
	collectUntil(t, "GOGC was never raised", func() bool { return currentPercent() > 100 })
	if got := p.Percent(); got <= 100 {
		t.Fatalf("Percent() = %d while the process's GOGC is %d", got, currentPercent())
	}
	runtime.GC()
	live, goal := readUint64(metricLive), readUint64("/gc/heap/goal:bytes")
	// The goal is the live heap plus the headroom, give or take the pacer's 10 % dead band and
	// what was allocated between the collection and the adjustment.
	if goal < live+headroom*8/10 {
		t.Fatalf("heap goal %d with %d live: want at least the live heap plus most of %d", goal, live, headroom)
	}
	p.Stop()
	if got := currentPercent(); got != 100 {
		t.Fatalf("after Stop GOGC is %d, want the 100 it started from", got)
	}
	runtime.GC()
	runtime.GC()
	if got := currentPercent(); got != 100 {
		t.Fatalf("collections after Stop changed GOGC to %d", got)
	}
}

// TestFollowsTheHeap checks the pacer keeps adjusting, collection after collection, as the live
// heap crosses the headroom and back.
func TestFollowsTheHeap(t *testing.T) {
	withGOGC(t, 100)
	p := Start(t.Context(), 16<<20)
	defer p.Stop()
	collectUntil(t, "GOGC was never raised for the small heap", func() bool { return currentPercent() > 100 })
	func() {
		// 64 MiB live against 16 MiB of headroom: the default pacing already leaves more.
		ballast := make([]byte, 64<<20)
		collectUntil(t, "GOGC not back to 100 with a heap above the headroom", func() bool { return currentPercent() == 100 })
		runtime.KeepAlive(ballast)
	}()
	collectUntil(t, "GOGC not raised again once the heap shrank", func() bool { return currentPercent() > 100 })
}

func TestEndsWithContext(t *testing.T) {
	withGOGC(t, 100)
	ctx, cancel := context.WithCancel(t.Context())
	Start(ctx, 256<<20)
	collectUntil(t, "GOGC was never raised", func() bool { return currentPercent() > 100 })
	cancel()
	collectUntil(t, "GOGC not restored after the context ended", func() bool { return currentPercent() == 100 })
}

func TestOffStaysOff(t *testing.T) {
	withGOGC(t, -1)
	if p := Start(t.Context(), 256<<20); p != nil {
		p.Stop()
		t.Fatal("Start paced a process whose collection is off")
	}
	if got := currentPercent(); got != -1 {
		t.Fatalf("GOGC %d, want it left off", got)
	}
	var p *Pacer
	p.Stop() // a nil pacer, as Start returns here, stops without harm
}
