package main

import (
	"context"
	"fmt"
	"log/slog"
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

// maxTarget is what the max scenario drives: kefu or the baseline relay.
type maxTarget struct {
	visitorURL, agentURL string
	visitors             []visitorCred // one per sender
	agentToken           string        // the observer: sees every visitor's messages
	run                  string
	cpu                  func() cpuMeter // nil: no server CPU figure
	goal                 float64         // the target rate; 0: none (the relay is a yardstick)
}

// maxSenders is how many visitor connections carry the scenario's highest rate: each stays
// under kefu's 20 messages/s per connection.
func maxSenders(cfg Config) int {
	senders := cfg.MaxSenders
	for _, rate := range cfg.MaxRates {
		senders = max(senders, rate/15)
	}
	return senders
}

// max runs the max scenario against kefu.
func (b *bench) max(ctx context.Context, r *Result) error {
	restore, err := b.assignmentOff(ctx)
	if err != nil {
		return err
	}
	defer restore()
	vs, err := b.ensureVisitors(ctx, r, maxSenders(b.cfg))
	if err != nil {
		return err
	}
	as, err := b.prov.ensureAgents(ctx, 1)
	if err != nil {
		return err
	}
	t := maxTarget{
		visitorURL: b.api.wsURL("/api/v1/widget/ws"), agentURL: b.api.wsURL("/api/v1/ws"),
		visitors: vs, agentToken: as[0].Token, run: b.prov.run, cpu: b.cpuStart,
		goal: map[string]float64{"sqlite": 5000, "postgres": 3000}[b.db],
	}
	return runMax(ctx, t, b.cfg, r, b.log)
}

// assignmentOff turns the organisation's assignment rule off until the returned function puts
// it back. max measures messages: with the rule on, kefu's queue would assign the senders'
// conversations to the observer as their first messages arrive (its timer finds them within
// 15 s), a burst of writes inside whichever step it falls in.
func (b *bench) assignmentOff(ctx context.Context) (restore func(), err error) {
	var org struct {
		Settings map[string]any `json:"settings"`
	}
	if err := b.api.do(ctx, "GET", "/api/v1/org", b.prov.owner, nil, &org); err != nil {
		return nil, err
	}
	was := org.Settings["auto_assign"]
	org.Settings["auto_assign"] = false
	if err := b.api.do(ctx, "PATCH", "/api/v1/org", b.prov.owner, map[string]any{"settings": org.Settings}, nil); err != nil {
		return nil, err
	}
	return func() {
		org.Settings["auto_assign"] = was
		_ = b.api.do(context.WithoutCancel(ctx), "PATCH", "/api/v1/org", b.prov.owner, map[string]any{"settings": org.Settings}, nil)
	}, nil
}

// runMax steps the offered visitor message rate up until delivery p99 passes 50 ms (or the
// server stops keeping up) and reports the last rate that passed. One agent connection observes
// every message, as an agent workspace does, resuming from its cursor if the server drops it.
func runMax(ctx context.Context, t maxTarget, cfg Config, r *Result, log *slog.Logger) error {
	steps := make([]*maxStep, len(cfg.MaxRates))
	for i, rate := range cfg.MaxRates {
		steps[i] = &maxStep{rate: rate, acked: newIDSet(), seen: newIDSet()}
	}
	prefix := t.run + "-max"
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
	observer, err := dialResumingAgent(ctx, t.agentURL, t.agentToken, func(f *frame) {
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
	conns, err := dialMany(ctx, len(t.visitors), 128, func(i int) (*wsClient, error) {
		return dialWS(ctx, t.visitorURL, visitorHello(t.visitors[i].Token, nil), func(f *frame) {
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
		pass := runStep(ctx, t, cfg, r, log, i, s, conns, prefix)
		if !pass {
			break
		}
		best = s.rate
	}
	if t.goal > 0 {
		r.want("max persisted msg/s at p99 <= 50 ms", float64(best), "msg/s", false, t.goal)
	} else {
		r.add("max msg/s at p99 <= 50 ms", float64(best), "msg/s")
	}
	if n := observer.reconnects.Load(); n > 0 {
		r.note("the observing agent fell behind and resumed from its cursor %d times (closed as a slow consumer)", n)
	}
	return ctx.Err()
}

// runStep offers s.rate msg/s for the step duration and reports whether it passed.
func runStep(ctx context.Context, t maxTarget, cfg Config, r *Result, log *slog.Logger, i int, s *maxStep, conns []*wsClient, prefix string) bool {
	var cpu cpuMeter
	if t.cpu != nil {
		cpu = t.cpu()
	}
	start := time.Now()
	end := start.Add(cfg.MaxStep)
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
				if c.send(newSend(t.visitors[j].ConvID, fmt.Sprintf("%s%d-%d-%d", prefix, i, j, k))) != nil {
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
	log.Info("max step", "rate", s.rate, "achieved", int(achieved), "delivery_p99_ms", del.P99, "errors", s.errs.Load(), "pass", pass)
	return pass
}
