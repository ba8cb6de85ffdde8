package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// resumingAgent is an agent connection that behaves like the workspace: it remembers the
// cursor of the last event it processed and, when the server closes the connection (a slow
// consumer is closed with 4000), reconnects with that cursor so it misses nothing.
type resumingAgent struct {
	url, token string
	onFrame    func(*frame)

	cursor     atomic.Int64
	reconnects atomic.Int64
	mu         sync.Mutex
	conn       *wsClient
	stop       chan struct{}
	stopped    chan struct{}
}

// dialResumingAgent connects and keeps the connection up until close.
func dialResumingAgent(ctx context.Context, url, token string, onFrame func(*frame)) (*resumingAgent, error) {
	a := &resumingAgent{url: url, token: token, onFrame: onFrame, stop: make(chan struct{}), stopped: make(chan struct{})}
	c, err := a.dial(ctx, nil)
	if err != nil {
		return nil, err
	}
	a.conn = c
	go a.keepUp(ctx)
	return a, nil
}

func (a *resumingAgent) dial(ctx context.Context, cursor *int64) (*wsClient, error) {
	hello := agentHello(a.token)
	if cursor != nil {
		hello["cursor"] = *cursor
	}
	return dialWS(ctx, a.url, hello, func(f *frame) {
		switch {
		case f.Type == "welcome" && cursor == nil:
			a.cursor.Store(f.Cursor) // live from here
		case f.Type != "welcome" && f.Cursor > 0:
			a.cursor.Store(f.Cursor) // processed up to here; a resume's welcome is not
		}
		a.onFrame(f)
	})
}

// keepUp redials with the last cursor whenever the connection ends, until close.
func (a *resumingAgent) keepUp(ctx context.Context) {
	defer close(a.stopped)
	for {
		a.mu.Lock()
		done := a.conn.done
		a.mu.Unlock()
		select {
		case <-a.stop:
			return
		case <-ctx.Done():
			return
		case <-done:
		}
		for {
			cursor := a.cursor.Load()
			c, err := a.dial(ctx, &cursor)
			if err == nil {
				a.reconnects.Add(1)
				a.mu.Lock()
				a.conn = c
				a.mu.Unlock()
				break
			}
			select {
			case <-a.stop:
				return
			case <-ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

func (a *resumingAgent) close() {
	close(a.stop)
	<-a.stopped
	a.mu.Lock()
	defer a.mu.Unlock()
	a.conn.close()
}
