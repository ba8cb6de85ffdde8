package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// An op's life: queued until the writer takes it; then either started (it will commit or fail
// with the batch) or abandoned (its caller gave up first and it never runs).
const (
	opQueued int32 = iota
	opStarted
	opAbandoned
)

// op is one mutation waiting for the writer.
type op struct {
	ctx    context.Context // the caller's; only checked before the op starts
	run    func(*Tx) error
	state  atomic.Int32
	done   chan error // buffered: the writer never blocks on a caller that left
	err    error
	events []kefu.Event
}

// write queues run for the writer goroutine and returns after its batch committed (nil) or
// with the op's own error. A full queue sheds the write at once with CodeOverloaded.
func (s *Store) write(ctx context.Context, run func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := &op{ctx: ctx, run: run, done: make(chan error, 1)}
	if err := s.enqueue(o); err != nil {
		return err
	}
	select {
	case err := <-o.done:
		return err
	case <-ctx.Done():
		if o.state.CompareAndSwap(opQueued, opAbandoned) {
			return ctx.Err()
		}
		// Already started: it commits with its batch, so report the real outcome.
		return <-o.done
	}
}

func (s *Store) enqueue(o *op) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return kefu.Errorf(kefu.CodeUnavailable, "the store is shutting down")
	}
	select {
	case s.queue <- o:
		return nil
	default:
		return kefu.Errorf(kefu.CodeOverloaded, "too many writes in flight; retry later")
	}
}

// WriterStats returns how many group-commit transactions committed and how many ops they held.
// Tests use it to see that concurrent writes share transactions.
func (s *Store) WriterStats() (batches, ops int64) {
	return s.batches.Load(), s.ops.Load()
}

// QueueLen reports how many writes wait for the writer: a gauge for metrics, and what tests
// poll to know their writes are queued.
func (s *Store) QueueLen() int { return len(s.queue) }

// runWriter is the writer goroutine: it takes the first queued op, drains whatever else is
// queued up to MaxBatch and commits them together, until Close closes the queue.
func (s *Store) runWriter() {
	defer close(s.done)
	var cache *stmtCache
	if s.d.name == DialectSQLite {
		// pgx caches prepared statements itself; SQLite's driver parses every statement anew.
		cache = newStmtCache(s.wdb.DB)
		defer cache.close()
	}
	for first := range s.queue {
		s.commitBatch(s.drain(first), cache)
		if cache != nil {
			cache.preparePending(context.Background())
		}
	}
}

func (s *Store) drain(first *op) []*op {
	batch := []*op{first}
	for len(batch) < s.max {
		select {
		case o, ok := <-s.queue:
			if !ok {
				return batch
			}
			batch = append(batch, o)
		default:
			return batch
		}
	}
	return batch
}

// start claims the ops whose callers still wait; the others are answered or dropped.
func start(batch []*op) []*op {
	live := make([]*op, 0, len(batch))
	for _, o := range batch {
		if err := o.ctx.Err(); err != nil && o.state.CompareAndSwap(opQueued, opAbandoned) {
			o.done <- err
			continue
		}
		if o.state.CompareAndSwap(opQueued, opStarted) {
			live = append(live, o)
		}
	}
	return live
}

// commitBatch runs each op in its own savepoint inside one transaction, commits, answers every
// caller and only then publishes the batch's events.
func (s *Store) commitBatch(batch []*op, cache *stmtCache) {
	live := start(batch)
	if len(live) == 0 {
		return
	}
	// The ops run to completion once started, whatever their callers do meanwhile.
	ctx := context.Background()
	tx, err := s.wdb.BeginTxx(ctx, nil)
	if err != nil {
		s.failAll(live, fmt.Errorf("begin: %w", err))
		return
	}
	var q querier = tx
	if cache != nil {
		q = txStmt{cache: cache, tx: tx.Tx}
	}
	for _, o := range live {
		if err := s.runOp(ctx, q, o); err != nil {
			_ = tx.Rollback()
			s.failAll(live, err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		s.failAll(live, fmt.Errorf("commit: %w", err))
		return
	}
	s.batches.Add(1)
	s.ops.Add(int64(len(live)))
	var events []kefu.Event
	for _, o := range live {
		if o.err == nil {
			events = append(events, o.events...)
		}
		o.done <- o.err
	}
	if sink := s.sink.Load(); sink != nil && len(events) > 0 {
		(*sink).Publish(events)
	}
}

// runOp runs one op inside a savepoint so its failure undoes only its own changes. The returned
// error means the transaction itself is broken; the op's own error is in o.err.
func (s *Store) runOp(ctx context.Context, tx querier, o *op) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT kefu_op"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	t := &Tx{ctx: ctx, c: conn{q: tx, d: s.d}, now: s.now()}
	o.err = s.call(o, t)
	if o.err != nil {
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT kefu_op"); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
	} else {
		o.events = t.events
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT kefu_op"); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// call runs the op, turning a panic into an internal error so one bad op cannot kill the writer.
func (s *Store) call(o *op, t *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("store write op panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = kefu.Internal(fmt.Errorf("panic in write op: %v", r))
		}
	}()
	return asKefuError(o.run(t))
}

// failAll answers every op of a batch that did not commit with the same error.
func (s *Store) failAll(ops []*op, cause error) {
	s.log.Error("store write batch failed", "ops", len(ops), "err", cause)
	err := kefu.Internal(cause)
	for _, o := range ops {
		o.done <- err
	}
}

// asKefuError makes sure what crosses the package boundary is a *kefu.Error.
func asKefuError(err error) error {
	if err == nil {
		return nil
	}
	var ke *kefu.Error
	if errors.As(err, &ke) {
		return err
	}
	return kefu.Internal(err)
}
