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
	ClosePolicy          = 1008 // origin not allowed
	CloseTooBig          = 1009 // a frame was over the size limit
	CloseInternal        = 1011
	CloseTryAgainLater   = 1013 // over capacity; the reason carries retry_after seconds
	CloseSlowConsumer    = 4000 // the send queue overflowed: reconnect and resume
	CloseUnauthenticated = 4001 // hello missing, late, invalid or not authenticated
	CloseResyncRequired  = 4002 // the resume position is no longer retained
)

// transport writes frames to one client. Only the connection's writer goroutine calls it.
type transport interface {
	writeFrame(it item) error
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

// conn is one live client connection of either transport. Events reach it through queue
// (filled by the hub, never blocking), replies to client requests through replies; one writer
// goroutine drains both, so writes never interleave.
type conn struct {
	hub   *Hub
	log   *slog.Logger
	role  kefu.ActorKind
	actor kefu.Actor // set before the hub registers the connection, read-only after

	ctx    context.Context // cancelled by kill; Backend calls of the writer use it
	cancel context.CancelFunc

	queue   chan *item // pointers: a full queue of 256 costs 2 KiB, not 18, per connection
	replies chan []byte
	start   chan resumer // WebSocket: hello accepted, begin with this resumer

	done   chan struct{}
	once   sync.Once
	code   int    // close code, set once before done is closed
	reason string // close reason, likewise

	writeFailed bool // writer goroutine only
}

func newConn(ctx context.Context, h *Hub, role kefu.ActorKind) *conn {
	ctx, cancel := context.WithCancel(ctx)
	return &conn{
		hub: h, log: h.log, role: role, ctx: ctx, cancel: cancel,
		queue:   make(chan *item, h.queueSize),
		replies: make(chan []byte, 16),
		start:   make(chan resumer, 1),
		done:    make(chan struct{}),
	}
}

// enqueue offers it to the writer without blocking.
func (c *conn) enqueue(it *item) bool {
	select {
	case c.queue <- it:
		return true
	default:
		return false
	}
}

// reply queues a response to a client request. It blocks the reader (not the hub) while the
// writer catches up, and gives up once the connection is closing.
func (c *conn) reply(b []byte) {
	select {
	case c.replies <- b:
	case <-c.done:
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
	c.cancel()
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

// run is the WebSocket writer goroutine: it waits for the hello to be accepted, then serves.
func (c *conn) run(t transport, pingEvery time.Duration) {
	select {
	case r := <-c.start:
		c.serve(t, r, pingEvery)
	case <-c.done:
		c.finish(t)
	}
}

// serve replays, then forwards live items and replies until the connection is killed.
func (c *conn) serve(t transport, r resumer, pingEvery time.Duration) {
	emit := c.emitter(t)
	if err := r.begin(c.ctx, emit); err != nil {
		c.fail(t, err)
	}
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for !c.closed() {
		var err error
		select {
		case <-c.ctx.Done():
			c.kill(CloseNormal, "") // the request ended: the client went away
		case b := <-c.replies:
			err = emit(item{typ: "reply", frame: b})
		case it := <-c.queue:
			err = r.deliver(c.ctx, *it, emit)
		case <-ping.C:
			if err = t.writePing(); err != nil {
				err = writeError{err}
			}
		}
		if err != nil {
			c.fail(t, err)
		}
	}
	c.finish(t)
}

func (c *conn) emitter(t transport) emitFunc {
	return func(it item) error {
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
	case kefu.ErrorCode(err) == CodeResyncRequired:
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
