// Package gcpace keeps a floor under the garbage collector's heap headroom, so that a server
// whose live heap is small does not collect many times a second.
//
// Go's default pacing (GOGC=100) lets the heap grow by as much as it holds live before the next
// collection. kefu's live heap is small at ordinary sizes (a few MB with hundreds of visitors),
// while every message allocates its frames, rows and driver buffers: at 3,000 messages/s the
// server collected 14 times a second, and marking took a sixth of its CPU on PostgreSQL. Go has
// no minimum heap goal, so after every collection the pacer sets GOGC to whichever is larger:
// the percentage the process started with, or the one that lets the heap grow by the headroom
// before the next collection. A large heap is paced exactly as before; a small one costs at most
// the headroom in memory. A memory limit (GOMEMLIMIT) still bounds the heap, as the runtime takes the lower
// of the two goals.
package gcpace

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// DefaultHeadroom is the headroom kefu serve keeps. At 16 MiB a server taking 5,000 messages/s
// on SQLite collected four times a second instead of fourteen, for 5-10 % less CPU per message;
// 32 MiB saved little more and left the process about 10 MiB larger after a burst.
const DefaultHeadroom = 16 << 20

// The runtime's own figures after the last collection. A heap goal is live heap plus GOGC
// percent of everything the collector scans: the live heap, goroutine stacks and globals.
const (
	metricLive    = "/gc/heap/live:bytes"
	metricStacks  = "/gc/scan/stack:bytes"
	metricGlobals = "/gc/scan/globals:bytes"
)

// Pacer adjusts GOGC after every collection until Stop.
type Pacer struct {
	headroom uint64
	base     int // the GOGC percentage the process had when the pacer started

	mu      sync.Mutex // the cleanup goroutine and Stop
	stopped bool
	current int
	samples []metrics.Sample
}

// Start begins pacing from the process's current GOGC percentage. It returns nil, and changes
// nothing, when collection is off (GOGC=off) or headroom is 0. Call Stop to hand GOGC back; ctx
// ends it too.
func Start(ctx context.Context, headroom uint64) *Pacer {
	base := currentPercent()
	if base < 0 || headroom == 0 {
		return nil
	}
	p := &Pacer{headroom: headroom, base: base, current: base, samples: []metrics.Sample{
		{Name: metricLive}, {Name: metricStacks}, {Name: metricGlobals},
	}}
	p.adjust()
	p.arm()
	context.AfterFunc(ctx, p.Stop)
	return p
}

// currentPercent is the process's GOGC percentage, -1 when collection is off. The runtime
// reports it as an unsigned metric, so off reads as the largest value.
func currentPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(int64(s[0].Value.Uint64()))
}

// Stop restores the GOGC percentage the pacer started from and stops adjusting it.
func (p *Pacer) Stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		debug.SetGCPercent(p.base)
	}
}

// Percent is the GOGC percentage the pacer last set.
func (p *Pacer) Percent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.current
}

// sentinel is allocated afresh after every collection; the next collection frees it and so runs
// its cleanup. It holds a pointer so that the runtime's tiny allocator, whose blocks may outlive
// their objects, never takes it.
type sentinel struct{ _ *byte }

// arm registers the next adjustment for the end of the next collection.
func (p *Pacer) arm() {
	runtime.AddCleanup(&sentinel{}, func(p *Pacer) {
		if p.adjust() {
			p.arm()
		}
	}, p)
}

// adjust sets GOGC for the heap the last collection left, and reports whether pacing goes on.
func (p *Pacer) adjust() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return false
	}
	metrics.Read(p.samples)
	var scanned uint64
	for _, s := range p.samples {
		if s.Value.Kind() == metrics.KindUint64 {
			scanned += s.Value.Uint64()
		}
	}
	want := percentFor(p.base, p.headroom, scanned)
	// Small moves are not worth the heap lock SetGCPercent takes.
	if want != p.current && (want > p.current*11/10 || want < p.current*9/10 || want == p.base) {
		debug.SetGCPercent(want)
		p.current = want
	}
	return true
}

// percentFor is the GOGC percentage that gives a collector scanning scanned bytes at least
// headroom bytes to allocate before its next collection, and never less than base.
func percentFor(base int, headroom, scanned uint64) int {
	if scanned == 0 {
		return base
	}
	want := headroom * 100 / scanned
	if want <= uint64(base) {
		return base
	}
	// A near-empty heap would ask for an absurd percentage; the heap goal it gives is what
	// matters, and it is the same headroom either way.
	return int(min(want, 1<<20))
}
