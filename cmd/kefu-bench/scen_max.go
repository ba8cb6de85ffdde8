package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxStep is one offered rate of the max scenario.
type maxStep struct {
	rate          int
	sent, errs    atomic.Int64
	acked, seen   *idSet
	ack, delivery latencies
}

// max steps the offered visitor message rate up until delivery p99 passes 50 ms (or the server
// stops keeping up) and reports the last rate that passed. One agent connection observes every
// message, as an agent workspace does, resuming from its cursor if the server drops it.
func (b *bench) max(ctx context.Context, r *Result) error {
	senders := b.cfg.MaxSenders
	for _, rate := range b.cfg.MaxRates {
		senders = max(senders, rate/15) // stay under the 20/s per-connection limit
	}
	vs, err := b.ensureVisitors(ctx, r, senders)
	if err != nil {
		return err
	}
	as, err := b.prov.ensureAgents(ctx, 1)
	if err != nil {
		return err
	}
	steps := make([]*maxStep, len(b.cfg.MaxRates))
	for i, rate := range b.cfg.MaxRates {
		steps[i] = &maxStep{rate: rate, acked: newIDSet(), seen: newIDSet()}
	}
	prefix := b.prov.run + "-max"
	stepOf := func(clientID string) *maxStep {
		rest, ok := strings.CutPrefix(clientID, prefix)
		if !ok {
			return nil
		}
		i, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || i >= len(steps) {
			return nil
		}
		return steps[i]
	}
	observer, err := dialResumingAgent(ctx, b.api.wsURL("/api/v1/ws"), as[0].Token, func(f *frame) {
		now := time.Now()
		if f.Type != "message.created" {
			return
		}
		if m := f.Message; m != nil {
			if s := stepOf(m.ClientMsgID); s != nil && s.seen.add(m.ID, now) {
				if t, ok := sentAt(m.Content); ok {
					s.delivery.add(now.Sub(t))
				}
			}
		}
	})
	if err != nil {
		return err
	}
	defer observer.close()
	conns, err := dialMany(ctx, senders, 128, func(i int) (*wsClient, error) {
		return dialWS(ctx, b.api.wsURL("/api/v1/widget/ws"), visitorHello(vs[i].Token, nil), func(f *frame) {
			now := time.Now()
			m := f.Message
			if m == nil {
				return
			}
			s := stepOf(m.ClientMsgID)
			if s == nil {
				return
			}
			switch {
			case f.Type == "ack" && !f.Duplicate && s.acked.add(m.ID, now):
				if t, ok := sentAt(m.Content); ok {
					s.ack.add(now.Sub(t))
				}
			case f.Type == "error":
				s.errs.Add(1)
			}
		})
	})
	if err != nil {
		return err
	}
	defer closeAll(conns)
	best := 0
	for i, s := range steps {
		pass := b.runStep(ctx, r, i, s, conns, vs, prefix)
		if !pass {
			break
		}
		best = s.rate
	}
	r.want("max persisted msg/s at p99 <= 50 ms", float64(best), "msg/s", false, map[string]float64{"sqlite": 5000, "postgres": 3000}[b.db])
	if n := observer.reconnects.Load(); n > 0 {
		r.note("the observing agent fell behind and resumed from its cursor %d times (closed as a slow consumer)", n)
	}
	return ctx.Err()
}

// runStep offers s.rate msg/s for the step duration and reports whether it passed.
func (b *bench) runStep(ctx context.Context, r *Result, i int, s *maxStep, conns []*wsClient, vs []visitorCred, prefix string) bool {
	cpu := b.cpuStart()
	start := time.Now()
	end := start.Add(b.cfg.MaxStep)
	per := time.Duration(float64(time.Second) * float64(len(conns)) / float64(s.rate))
	var wg sync.WaitGroup
	for j, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := start.Add(time.Duration(rand.Int64N(int64(per))))
			for k := 0; next.Before(end) && ctx.Err() == nil; k++ {
				time.Sleep(time.Until(next))
				s.sent.Add(1)
				if c.send(newSend(vs[j].ConvID, fmt.Sprintf("%s%d-%d-%d", prefix, i, j, k))) != nil {
					s.errs.Add(1)
				}
				next = next.Add(per)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	waitFor(5*time.Second, func() bool { return s.seen.len() >= int(s.sent.Load()) })
	used, cpuOK := cpu.used()
	ack, del := s.ack.summary(), s.delivery.summary()
	achieved := float64(s.acked.len()) / took.Seconds()
	lost := missing(s.acked, s.seen)
	pass := del.P99 <= 50 && achieved >= 0.95*float64(s.rate) && s.errs.Load() == 0 && lost == 0
	name := fmt.Sprintf("step %d msg/s", s.rate)
	r.add(name+": achieved", achieved, "msg/s")
	r.add(name+": ack p99", ack.P99, "ms")
	r.add(name+": delivery p50", del.P50, "ms")
	r.add(name+": delivery p99", del.P99, "ms")
	r.add(name+": errors", float64(s.errs.Load()), "")
	r.check(name+": acked but not delivered", float64(lost), "", true, 0)
	if cpuOK && s.acked.len() > 0 {
		r.add(name+": server CPU per 1,000 msgs", ms(used)/float64(s.acked.len())*1000, "ms")
		r.add(name+": server CPU busy", 100*used.Seconds()/time.Since(start).Seconds(), "% of a core")
	}
	b.log.Info("max step", "rate", s.rate, "achieved", int(achieved), "delivery_p99_ms", del.P99, "errors", s.errs.Load(), "pass", pass)
	return pass
}
