package main

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// rcClient is one visitor of the reconnect scenario: it sent one message before the restart and
// counts as resumed once the replay after the restart has delivered that message again.
type rcClient struct {
	v        visitorCred
	ackedID  string
	ackedSeq int64
	acked    chan struct{}

	mu         sync.Mutex
	conn       *wsClient
	generation int       // connections made; the first is before the restart
	resumedAt  time.Time // zero until the acked message came back after the restart
	copies     int       // times the acked message arrived after the restart
	dials      int
	failures   map[string]int // failed reconnect attempts by reason
}

func (c *rcClient) onFrame(gen int) func(*frame) {
	return func(f *frame) {
		m := f.Message
		switch {
		case f.Type == "ack" && m != nil && gen == 0:
			c.mu.Lock()
			c.ackedID, c.ackedSeq = m.ID, m.Seq
			c.mu.Unlock()
			close(c.acked)
		case f.Type == "message.created" && m != nil && gen > 0:
			c.mu.Lock()
			if m.ID == c.ackedID {
				c.copies++
				if c.resumedAt.IsZero() {
					c.resumedAt = time.Now()
				}
			}
			c.mu.Unlock()
		}
	}
}

// reconnect restarts the server under N visitor connections and measures how long it takes all
// of them to resume, and whether each one's acknowledged message came back.
func (b *bench) reconnect(ctx context.Context, r *Result) error {
	n := b.cfg.ReconnectConns
	vs, err := b.ensureVisitors(ctx, r, n)
	if err != nil {
		return err
	}
	url := b.api.wsURL("/api/v1/widget/ws")
	clients := make([]*rcClient, n)
	for i := range clients {
		clients[i] = &rcClient{v: vs[i], acked: make(chan struct{})}
	}
	_, err = dialMany(ctx, n, 128, func(i int) (*wsClient, error) {
		c := clients[i]
		conn, err := dialWS(ctx, url, visitorHello(c.v.Token, nil), c.onFrame(0))
		c.conn = conn
		return conn, err
	})
	if err != nil {
		return err
	}
	// Each visitor sends one message and waits for its ack: those must survive the restart.
	err = parallel(ctx, n, 256, func(i int) error {
		c := clients[i]
		id := fmt.Sprintf("%s-rc-%d", b.prov.run, i)
		if err := c.conn.send(newSend(c.v.ConvID, id)); err != nil {
			return err
		}
		select {
		case <-c.acked:
			return nil
		case <-time.After(30 * time.Second):
			return fmt.Errorf("visitor %d: no ack within 30 s", i)
		}
	})
	if err != nil {
		return err
	}
	stop := make(chan struct{})
	defer close(stop)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); c.resume(ctx, url, stop) }()
	}
	killed := time.Now()
	if err := b.srv.restartServer(ctx); err != nil {
		return err
	}
	listening := time.Now()
	if b.srv.pid == 0 {
		if pid, err := pidListening(b.api.base); err == nil {
			b.srv.pid = pid
		}
	}
	all := waitFor(60*time.Second, func() bool {
		for _, c := range clients {
			c.mu.Lock()
			z := c.resumedAt.IsZero()
			c.mu.Unlock()
			if z {
				return false
			}
		}
		return true
	})
	var last time.Time
	var lat latencies
	notResumed, dups, dials := 0, 0, 0
	failures := map[string]int{}
	for _, c := range clients {
		c.mu.Lock()
		for k, v := range c.failures {
			failures[k] += v
		}
		if c.resumedAt.IsZero() {
			notResumed++
		} else {
			lat.add(c.resumedAt.Sub(listening))
			last = maxTime(last, c.resumedAt)
		}
		dups += max(0, c.copies-1)
		dials += c.dials
		c.mu.Unlock()
	}
	r.add("connections", float64(n), "")
	r.add("restart (stop → new server listening)", ms(listening.Sub(killed)), "ms")
	if !last.IsZero() {
		r.want("all resumed after new server listening", ms(last.Sub(listening)), "ms", true, 10000)
		r.add("all resumed after stop began", ms(last.Sub(killed)), "ms")
	}
	r.summary("resume after listening", lat.summary(), 0)
	r.add("reconnect attempts", float64(dials), "")
	for _, k := range slices.Sorted(maps.Keys(failures)) {
		r.add("failed attempts: "+k, float64(failures[k]), "")
	}
	r.check("not resumed / acked message lost", float64(notResumed), "", true, 0)
	r.check("acked message replayed twice", float64(dups), "", true, 0)
	if !all {
		r.note("%d of %d clients had not resumed 60 s after the restart", notResumed, n)
	}
	r.note("clients reconnect with backoff 250 ms doubling to 4 s plus up to 50%% jitter, hello since = seq before their acked message")
	for _, c := range clients {
		c.mu.Lock()
		if c.conn != nil {
			c.conn.close()
		}
		c.mu.Unlock()
	}
	return nil
}

// resume waits for the connection to end, then reconnects with backoff and resumes from just
// before the acknowledged message, so that the replay must carry it.
func (c *rcClient) resume(ctx context.Context, url string, stop <-chan struct{}) {
	backoff := 250 * time.Millisecond
	for gen := 1; ; gen++ {
		c.mu.Lock()
		conn := c.conn
		c.mu.Unlock()
		select {
		case <-conn.done:
		case <-stop:
			return
		}
		for {
			select {
			case <-stop:
				return
			case <-time.After(backoff + time.Duration(rand.Int64N(int64(backoff/2)))):
			}
			backoff = min(2*backoff, 4*time.Second)
			c.mu.Lock()
			c.dials++
			since := map[string]int64{c.v.ConvID: c.ackedSeq - 1}
			c.mu.Unlock()
			next, err := dialWS(ctx, url, visitorHello(c.v.Token, since), c.onFrame(gen))
			if err == nil {
				c.mu.Lock()
				c.conn = next
				c.mu.Unlock()
				backoff = 250 * time.Millisecond
				break
			}
			c.mu.Lock()
			if c.failures == nil {
				c.failures = map[string]int{}
			}
			c.failures[dialFailure(err)]++
			c.mu.Unlock()
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// dialFailure names why a reconnect attempt failed, coarsely enough to count.
func dialFailure(err error) string {
	msg := err.Error()
	for _, k := range []string{"connection refused", "connection reset", "i/o timeout", "bad handshake", "EOF", "close 1001", "close 1012", "close 1013"} {
		if strings.Contains(msg, k) {
			if strings.HasPrefix(msg, "hello") {
				return "hello: " + k
			}
			return k
		}
	}
	if len(msg) > 60 {
		msg = msg[:60]
	}
	return "other: " + msg
}
