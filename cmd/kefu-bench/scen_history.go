package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// history seeds messages over the visitor WebSocket, then times last-50 fetches
// (GET /api/v1/conversations/{id}/messages?limit=50) as an agent.
func (b *bench) history(ctx context.Context, r *Result) error {
	k := max(1, b.cfg.SeedConvs)
	vs, err := b.ensureVisitors(ctx, r, k)
	if err != nil {
		return err
	}
	if b.cfg.Seed > 0 {
		start := time.Now()
		n, err := b.seed(ctx, vs, b.cfg.Seed)
		if err != nil {
			return err
		}
		took := time.Since(start)
		r.add("messages seeded", float64(n), "")
		r.add("seed rate", float64(n)/took.Seconds(), "msg/s")
		r.note("seeded %d messages over %d conversations in %s", n, k, took.Round(time.Second))
	}
	fetch := func() (time.Duration, error) {
		id := vs[rand.IntN(len(vs))].ConvID
		t0 := time.Now()
		var out struct {
			Messages []wireMessage `json:"messages"`
		}
		err := b.api.do(ctx, "GET", "/api/v1/conversations/"+id+"/messages?limit=50", b.prov.owner, nil, &out)
		if err == nil && len(out.Messages) == 0 && b.cfg.Seed > 0 {
			err = fmt.Errorf("conversation %s: no messages", id)
		}
		return time.Since(t0), err
	}
	for range 20 { // warm the connection pool; these are not timed
		if _, err := fetch(); err != nil {
			return err
		}
	}
	var lat latencies
	var failed atomic.Int64
	err = parallel(ctx, b.cfg.HistoryFetch, 4, func(int) error {
		d, err := fetch()
		if err != nil {
			failed.Add(1)
			return nil
		}
		lat.add(d)
		return nil
	})
	if err != nil {
		return err
	}
	r.summary("last-50 fetch", lat.summary(), 10)
	r.check("fetches failed", float64(failed.Load()), "", true, 0)
	r.note("fetches from 4 concurrent clients, random conversation among %d", k)
	return nil
}

// seed sends n messages spread over the visitors' conversations, each connection staying under
// its 20/s request limit with at most 32 unacknowledged sends, and returns how many were acked.
func (b *bench) seed(ctx context.Context, vs []visitorCred, n int) (int, error) {
	var acked atomic.Int64
	per := (n + len(vs) - 1) / len(vs)
	err := parallel(ctx, len(vs), len(vs), func(i int) error {
		window := make(chan struct{}, 32)
		var failed atomic.Int64
		c, err := dialWS(ctx, b.api.wsURL("/api/v1/widget/ws"), visitorHello(vs[i].Token, nil), func(f *frame) {
			switch f.Type {
			case "ack":
				acked.Add(1)
				<-window
			case "error":
				failed.Add(1)
				<-window
			}
		})
		if err != nil {
			return err
		}
		defer c.close()
		lim := rate.NewLimiter(19, 1)
		for k := range min(per, n-i*per) {
			if err := lim.Wait(ctx); err != nil {
				return err
			}
			window <- struct{}{}
			id := fmt.Sprintf("%s-seed-%d-%d", b.prov.run, i, k)
			if err := c.send(sendFrame{Type: "send", Ref: id, ConversationID: vs[i].ConvID, ClientMsgID: id, Content: "history seed message " + id}); err != nil {
				return err
			}
		}
		for range cap(window) { // wait for the last acks
			window <- struct{}{}
		}
		if f := failed.Load(); f > 0 {
			return fmt.Errorf("seed: %d sends failed", f)
		}
		return nil
	})
	return int(acked.Load()), err
}
