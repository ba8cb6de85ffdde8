package realtime

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Close codes. The 4xxx codes are kefu's own; docs/realtime.md says what a client does on each.
const (
	CloseNormal          = 1000
	CloseGoingAway       = 1001 // server shutting down: reconnect with backoff
	CloseProtocol        = 1002 // the client broke RFC 6455; the reason says which rule
	ClosePolicy          = 1008 // origin not allowed
	CloseTooBig          = 1009 // a frame was over the size limit
	CloseInternal        = 1011
	CloseTryAgainLater   = 1013 // over capacity; the reason carries retry_after seconds
	CloseSlowConsumer    = 4000 // the send queue overflowed: reconnect and resume
	CloseUnauthenticated = 4001 // hello missing, late, invalid or not authenticated
	CloseResyncRequired  = 4002 // the resume position is no longer retained
	CloseRevoked         = 4003 // the credential was revoked or expired: sign in again
	// ClosePermissionsChanged: the credential still works but its permissions changed;
	// reconnect, and authentication picks up the new ones.
	ClosePermissionsChanged = 4004
)

// maxPendingReplies bounds the answers to a client's requests that wait for the writer; past
// it the reader stops reading until the writer catches up, so a client that floods requests
// without reading slows itself down instead of growing the server's memory.
const maxPendingReplies = 16

// transport writes frames to one client. Only the connection's writer calls it.
type transport interface {
	// writeFrame may only buffer the frame: flush sends what is buffered, and the writer calls
	// it whenever it runs out of things to write, so no frame waits for a later one.
	writeFrame(it item) error
	flush() error
	writePing() error
	// writeClose tells the client the connection ends, best effort.
	writeClose(code int, reason string)
	// close releases the transport once nothing more will be written.
	close()
}

// emitFunc writes one item to the client.
type emitFunc func(item) error

// writeError marks a failed write: the transport is broken, so no close frame is attempted.
type writeError struct{ err error }

func (e writeError) Error() string { return "realtime: write: " + e.err.Error() }
func (e writeError) Unwrap() error { return e.err }

// conn is one live client connection of either transport. Events reach it from the hub and
// replies from the reader through queues guarded by mu; they never block the hub. Exactly one
// writer drains them at a time, so writes never interleave:
//
//   - WebSocket: the writer is a goroutine started only while there is something to write
//     (see schedule). An idle connection therefore has a single goroutine, its reader, which
//     is what lets one small box hold tens of thousands of them.
//   - SSE: the request goroutine is the writer and waits on wake between writes.
type conn struct {
	hub   *Hub
	log   *slog.Logger
	role  kefu.ActorKind
	actor kefu.Actor // set before the hub registers the connection, read-only after
	scope AgentScope // agents: likewise
	views viewFilter // agents: the views of the hello or the latest views frame
	// recheck validates the agent's credential again on the keepalive tick; nil for visitors,
	// whose tokens expire on their own schedule and are never revoked.
	recheck func(ctx context.Context) (code int, reason string)
	// revokeSeen is the hub's revokeSeq when the connection was admitted: revocations after it
	// may have missed the connection while it was authenticating.
	revokeSeen uint64

	// ctx is what the writer's Backend calls run under: the request's for SSE (cancelled when
	// the client leaves), context.Background for WebSocket, whose writer notices a kill
	// between writes instead. Not a context of its own: each costs hundreds of bytes that an
	// idle connection would carry.
	ctx context.Context

	mu      sync.Mutex
	events  []*item  // queued by the hub, oldest first; at most hub.queueSize
	replies [][]byte // queued by the reader, oldest first; at most maxPendingReplies
	skipped int64    // agent: cursor of the newest event its scope filtered out, not yet applied
	// agent with views: the counts last queued, so an unchanged count is not sent again
	counted    bool
	lastCounts kefu.ViewCounts
	pingDue    bool
	writing    bool          // WebSocket: a writer goroutine runs (or the connection finished)
	async      *asyncWriter  // WebSocket: how to start a writer; nil before the hello is accepted and for SSE
	wake       chan struct{} // SSE writer: something was queued; capacity 1; nil for WebSocket
	space      chan struct{} // the writer took replies: a blocked reader may go on; made when first needed

	done   chan struct{}
	once   sync.Once
	code   int    // close code, set once before done is closed
	reason string // close reason, likewise

	writeFailed bool // writer only
}

// asyncWriter is what a WebSocket connection's on-demand writer needs.
type asyncWriter struct {
	t         transport
	res       resumer
	begun     bool // res.begin has run
	pingEvery time.Duration
	pinger    *time.Timer
}

func newConn(ctx context.Context, h *Hub, role kefu.ActorKind) *conn {
	return &conn{
		hub: h, log: h.log, role: role, ctx: ctx,
		done: make(chan struct{}),
	}
}

// newSSEConn is newConn for a connection whose writer loops on the request goroutine.
func newSSEConn(ctx context.Context, h *Hub, role kefu.ActorKind) *conn {
	c := newConn(ctx, h, role)
	c.wake = make(chan struct{}, 1)
	return c
}

// enqueue offers it to the writer without blocking; false means the queue is full.
func (c *conn) enqueue(it *item) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.events) >= c.hub.queueSize {
		return false
	}
	c.events = append(c.events, it)
	c.notifyLocked()
	return true
}

// skip records that the agent event at cursor was filtered out by the connection's scope, so
// that the resumer does not take the hole in cursors for a gap to refill. With nothing queued
// it only notes the cursor (no writer starts, the queue does not grow); behind queued events
// it queues an advance-only item, folding consecutive skips into one. It reports false when
// the queue is full, like enqueue.
func (c *conn) skip(cursor int64) bool {
	if cursor == 0 {
		return true // ephemeral: no position to keep
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.events)
	switch {
	case n == 0:
		c.skipped = cursor
	case c.events[n-1].skip:
		c.events[n-1].cursor = cursor // this connection's own item, still queued
	case n >= c.hub.queueSize:
		return false
	default:
		c.events = append(c.events, &item{typ: "skip", cursor: cursor, skip: true})
	}
	return true
}

// reply queues a response to a client request. It blocks the reader (never the hub) while
// maxPendingReplies wait, and gives up once the connection is closing.
func (c *conn) reply(b []byte) {
	for {
		c.mu.Lock()
		if len(c.replies) < maxPendingReplies {
			c.replies = append(c.replies, b)
			c.notifyLocked()
			c.mu.Unlock()
			return
		}
		if c.space == nil {
			c.space = make(chan struct{}, 1)
		}
		space := c.space
		c.mu.Unlock()
		select {
		case <-space:
		case <-c.done:
			return
		}
	}
}

// notifyLocked gets the writer going: a new WebSocket writer goroutine unless one runs, or a
// wake-up for the SSE loop. c.mu must be held.
func (c *conn) notifyLocked() {
	if c.async == nil {
		if c.wake != nil {
			select {
			case c.wake <- struct{}{}:
			default:
			}
		}
		return // WebSocket before its hello was accepted: startAsync starts the writer
	}
	if !c.writing {
		c.writing = true
		go c.writeAsync()
	}
}

// kill starts closing the connection with code and reason. Only the first call decides the
// code; it reports whether this call was the first. It never blocks.
func (c *conn) kill(code int, reason string) bool {
	first := false
	c.once.Do(func() {
		c.code, c.reason, first = code, reason, true
		close(c.done)
	})
	if first {
		c.mu.Lock()
		c.notifyLocked() // the writer says goodbye and releases the transport
		c.mu.Unlock()
	}
	return first
}

func (c *conn) closed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// startAsync hands a WebSocket connection whose hello was accepted to on-demand writers: the
// first one replays what the client missed, later ones write what was queued meanwhile.
func (c *conn) startAsync(t transport, res resumer, pingEvery time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.async = &asyncWriter{t: t, res: res, pingEvery: pingEvery}
	c.async.pinger = time.AfterFunc(pingEvery, c.pingNow)
	c.writing = true
	go c.writeAsync()
}

// pingNow queues a ping; the writer re-arms the timer after writing it. An agent connection
// whose credential no longer stands is closed instead.
func (c *conn) pingNow() {
	if code, reason := c.recheckCredential(); code != 0 {
		c.kill(code, reason)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pingDue = true
	c.notifyLocked()
}

// recheckCredential runs c.recheck, if any, bounded by requestTimeout.
func (c *conn) recheckCredential() (int, string) {
	if c.recheck == nil {
		return 0, ""
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), requestTimeout)
	defer cancel()
	return c.recheck(ctx)
}

// writeAsync is one run of a WebSocket writer: it writes until nothing is queued, then exits.
// When the connection is closing it finishes it instead and never clears writing, so no other
// writer starts.
func (c *conn) writeAsync() {
	a := c.async
	emit := c.emitter(a.t)
	if !a.begun {
		a.begun = true
		if err := a.res.begin(c.ctx, emit); err != nil {
			c.fail(a.t, err)
		}
	}
	for !c.closed() {
		if !c.writeNext(a.t, a.res, emit) {
			if !c.flush(a.t) {
				continue
			}
			c.mu.Lock()
			idle := len(c.events) == 0 && len(c.replies) == 0 && !c.pingDue && !c.closed()
			if idle {
				c.writing = false
			}
			c.mu.Unlock()
			if idle {
				return
			}
		}
	}
	a.pinger.Stop()
	c.finish(a.t)
	// Unregistered only now, after the last write, so that Hub.Shutdown returns once every
	// connection has said goodbye.
	c.hub.remove(c, true)
	c.log.Debug("realtime: disconnected", "role", string(c.role), "org_id", c.actor.OrgID, "code", c.code)
}

// serve is the SSE writer loop on the request goroutine: it replays, then writes what is
// queued and a heartbeat every pingEvery until the connection is killed.
func (c *conn) serve(t transport, r resumer, pingEvery time.Duration) {
	emit := c.emitter(t)
	if err := r.begin(c.ctx, emit); err != nil {
		c.fail(t, err)
	}
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for !c.closed() {
		if c.writeNext(t, r, emit) || !c.flush(t) {
			continue
		}
		select {
		case <-c.ctx.Done():
			c.kill(CloseNormal, "") // the request ended: the client went away
		case <-c.wake:
		case <-ping.C:
			c.pingNow()
		}
	}
	c.finish(t)
}

// writeNext writes the oldest queued reply, else event, else a due ping, and reports whether
// there was one. Replies go first: the client waits for them. emit is c.emitter(t), made once
// per writer run rather than per frame.
func (c *conn) writeNext(t transport, r resumer, emit emitFunc) bool {
	c.mu.Lock()
	var (
		reply   []byte
		ev      *item
		skipped int64
		ping    bool
	)
	switch {
	case len(c.replies) > 0:
		reply = c.replies[0]
		c.replies = shift(c.replies)
		if c.space != nil {
			select {
			case c.space <- struct{}{}:
			default:
			}
		}
	case len(c.events) > 0:
		ev = c.events[0]
		c.events = shift(c.events)
		if c.skipped > 0 && c.skipped < ev.cursor {
			skipped = c.skipped
			c.skipped = 0
		}
	case c.pingDue:
		ping, c.pingDue = true, false
	}
	c.mu.Unlock()
	var err error
	switch {
	case reply != nil:
		err = emit(item{typ: "reply", frame: reply})
	case ev != nil && ev.skip:
		r.skipTo(ev.cursor) // folded skips: a range of cursors, not one event to check for gaps
	case ev != nil:
		if skipped > 0 {
			r.skipTo(skipped)
		}
		err = r.deliver(c.ctx, *ev, emit)
	case ping:
		err = c.ping(t)
	default:
		return false
	}
	if err != nil {
		c.fail(t, err)
	}
	return true
}

// shift drops the first element, letting go of the backing array once the queue is empty so
// that an idle connection holds none.
func shift[T any](q []T) []T {
	var zero T
	q[0] = zero
	if len(q) == 1 {
		return nil
	}
	return q[1:]
}

// flush sends the frames the transport buffered; false means the write failed and the
// connection is ending.
func (c *conn) flush(t transport) bool {
	if err := t.flush(); err != nil {
		c.fail(t, writeError{err})
		return false
	}
	return true
}

func (c *conn) ping(t transport) error {
	if err := t.writePing(); err != nil {
		return writeError{err}
	}
	if c.async != nil {
		c.async.pinger.Reset(c.async.pingEvery)
	}
	return nil
}

// errConnClosed stops a writer that is replaying for a connection killed meanwhile.
var errConnClosed = errors.New("realtime: connection closed")

func (c *conn) emitter(t transport) emitFunc {
	return func(it item) error {
		if c.closed() {
			return errConnClosed
		}
		if it.frame == nil {
			return nil
		}
		if err := t.writeFrame(it); err != nil {
			return writeError{err}
		}
		c.hub.metrics.framesOut.Inc()
		return nil
	}
}

// fail ends the connection after err from the writer side.
func (c *conn) fail(t transport, err error) {
	var we writeError
	switch {
	case c.closed():
		// Killed meanwhile; err is most likely the cancellation that followed.
	case errors.As(err, &we):
		c.writeFailed = true
		c.kill(CloseNormal, "")
	case kefu.ErrorCode(err) == kefu.CodeResyncRequired:
		if c.emitter(t)(resyncItem()) != nil {
			c.writeFailed = true
		}
		c.kill(CloseResyncRequired, "resync required")
	case c.ctx.Err() != nil:
		c.kill(CloseNormal, "") // the client went away during a Backend call
	default:
		c.log.Error("realtime: connection failed", "err", err, "role", string(c.role), "org_id", c.actor.OrgID)
		c.kill(CloseInternal, "internal error")
	}
}

// finish tells the client why the connection ends and releases the transport.
func (c *conn) finish(t transport) {
	if !c.writeFailed {
		t.writeClose(c.code, c.reason)
	}
	t.close()
}
