package main

import (
	"context"
	"time"
)

// idle holds N visitor connections open and reports the server's RSS and CPU per connection.
func (b *bench) idle(ctx context.Context, r *Result) error {
	n := b.cfg.IdleConns
	vs, err := b.ensureVisitors(ctx, r, n)
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second) // let provisioning garbage settle before the baseline reading
	before, ok := b.proc()
	start := time.Now()
	url := b.api.wsURL("/api/v1/widget/ws")
	dial := func(from, to int) ([]*wsClient, error) {
		return dialMany(ctx, to-from, 128, func(i int) (*wsClient, error) {
			return dialWS(ctx, url, visitorHello(vs[from+i].Token, nil), nil)
		})
	}
	// A third first, then the rest: RSS between the two waves gives the cost of each further
	// connection on a server already holding many, which no heap headroom the process had
	// before connecting can hide (see rssPerConnection).
	first := n / 3
	conns, err := dial(0, first)
	defer func() { closeAll(conns) }()
	if err != nil {
		return err
	}
	time.Sleep(2 * time.Second)
	mid, _ := b.proc()
	rest, err := dial(first, n)
	conns = append(conns, rest...)
	if err != nil {
		return err
	}
	r.add("connections", float64(n), "")
	r.add("connect all", ms(time.Since(start)), "ms")
	// RSS is read at the end of the hold: the steady state of a server holding the
	// connections, after the handshakes' garbage had time to be collected.
	cpu := b.cpuStart()
	select {
	case <-time.After(b.cfg.IdleHold):
	case <-ctx.Done():
		return ctx.Err()
	}
	used, _ := cpu.used()
	after, _ := b.proc()
	alive := 0
	for _, c := range conns {
		select {
		case <-c.done:
		default:
			alive++
		}
	}
	r.check("connections dropped", float64(n-alive), "", true, 0)
	if !ok {
		r.note("server pid unknown: no RSS/CPU figures")
		return nil
	}
	r.add("server RSS before", float64(before.RSSKiB)/1024, "MiB")
	r.add("server RSS with conns", float64(after.RSSKiB)/1024, "MiB")
	r.add("server RSS after a third", float64(mid.RSSKiB)/1024, "MiB")
	fromStart, marginal := float64(after.RSSKiB-before.RSSKiB)/float64(n), float64(after.RSSKiB-mid.RSSKiB)/float64(n-first)
	r.add("RSS per connection, from before connecting", fromStart, "KiB")
	r.add("RSS per connection, last two thirds", marginal, "KiB")
	r.want("RSS per connection", rssPerConnection(fromStart, marginal), "KiB", true, 12)
	perConnSec := float64(used.Microseconds()) / (float64(n) * b.cfg.IdleHold.Seconds())
	r.add("CPU per connection-second", perConnSec, "µs")
	r.note("idle CPU measured over %s with %d connections: %s server CPU in total", b.cfg.IdleHold, n, used)
	if n < 1000 {
		r.note("RSS per connection is noise at %d connections; the target applies at 15,000", n)
		r.Metrics[len(r.Metrics)-2].Met = nil
	}
	return nil
}

// rssPerConnection is the figure the idle target is judged on: the larger of the two estimates.
// RSS gained since before connecting divided by the connections understates the cost when the
// process already had heap headroom to spare before the first one (the GC pacer keeps some while
// the live heap is small); RSS gained over the last two thirds divided by those connections does
// not, but leaves out what the first connections cost once.
func rssPerConnection(fromStart, marginal float64) float64 { return max(fromStart, marginal) }
