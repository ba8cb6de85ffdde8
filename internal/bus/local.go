package bus

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// queueBatches bounds what waits for delivery: batches, not events; 256 batches is a second or
// more of a busy server's commits. A full queue makes Publish wait, which holds the writer back
// rather than letting memory grow without bound.
const queueBatches = 256

// Local is the in-process Bus: Publish queues, and Run delivers to every subscriber on one
// goroutine, so fan-out (encoding a frame per event and role) runs beside the writer's next
// batch instead of inside its serial path.
type Local struct {
	log     *slog.Logger
	queue   chan []kefu.Event
	stopped chan struct{} // closed when Run has returned: Publish then drops

	mu      sync.RWMutex
	subs    []subscriber
	started atomic.Bool // Run runs once
}

type subscriber struct {
	name string
	h    Handler
}

var _ Bus = (*Local)(nil)

// NewLocal returns an in-process bus; run it with Run.
func NewLocal(log *slog.Logger) *Local {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Local{log: log, queue: make(chan []kefu.Event, queueBatches), stopped: make(chan struct{})}
}

// Subscribe implements Bus.
func (b *Local) Subscribe(name string, h Handler) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs = append(b.subs, subscriber{name: name, h: h})
}

// Publish implements Bus. It waits while the queue is full; once Run has returned it drops the
// events, since nobody delivers them any more (followers refill from the store).
func (b *Local) Publish(events []kefu.Event) {
	if len(events) == 0 {
		return
	}
	select {
	case b.queue <- events:
	case <-b.stopped:
		b.log.Debug("bus stopped; events dropped", "count", len(events))
	}
}

// Run delivers queued events to the subscribers until ctx is done, then delivers what is
// already queued and returns.
func (b *Local) Run(ctx context.Context) error {
	if !b.started.CompareAndSwap(false, true) {
		return errors.New("bus: Run called twice")
	}
	defer close(b.stopped)
	for {
		select {
		case events := <-b.queue:
			b.deliver(events)
		case <-ctx.Done():
			b.drain()
			return nil
		}
	}
}

// drain delivers what was queued before Run was told to stop.
func (b *Local) drain() {
	for {
		select {
		case events := <-b.queue:
			b.deliver(events)
		default:
			return
		}
	}
}

func (b *Local) deliver(events []kefu.Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, s := range b.subs {
		s.h(events)
	}
}
