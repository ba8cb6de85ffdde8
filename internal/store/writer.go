package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"

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
	target *convTarget  // the conversation the op writes, declared for the batch's prefetch; nil: any row
	plain  *plainAppend // set (with target) for an append without attachments, whose rows may wait
	state  atomic.Int32
	done   chan error // buffered: the writer never blocks on a caller that left
	err    error
	events []emitted
}

// write queues run for the writer goroutine and returns after its batch committed (nil) or
// with the op's own error. A full queue sheds the write at once with CodeOverloaded.
func (s *Store) write(ctx context.Context, run func(*Tx) error) error {
	return s.writeOp(ctx, &op{run: run})
}

// writeConversation is write for an op that changes no row but target's conversation (and
// rows of its own, such as its message and events), through the Tx methods that keep the
// batch's conversation cache (appendMessage, updateConversation). Declaring it lets the writer
// read and lock the conversations of a whole batch in one statement.
func (s *Store) writeConversation(ctx context.Context, target convTarget, run func(*Tx) error) error {
	return s.writeOp(ctx, &op{run: run, target: &target})
}

// plainAppend is what an append without attachments declares besides its conversation. On
// PostgreSQL its rows may then wait in the batch's pending rows (see pendingAppends), and its
// client id is looked up together with the other appends' before it runs.
type plainAppend struct {
	clientMsgID string // "" when the message has none
}

func (s *Store) writeOp(ctx context.Context, o *op) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p := kefu.PendingAuditFrom(ctx); p != nil && p.Claim() {
		o.run = s.withAudit(o.run, p)
	}
	o.ctx, o.done = ctx, make(chan error, 1)
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

// WriterRetries returns how many batches ran a second time with a savepoint per op, because an
// op failed or (on PostgreSQL) the rows their appends deferred could not be written. Tests use it
// to see that a batch of good appends, duplicates included, commits on the first try.
func (s *Store) WriterRetries() int64 { return s.isolated.Load() }

// QueueLen reports how many writes wait for the writer: a gauge for metrics, and what tests
// poll to know their writes are queued.
func (s *Store) QueueLen() int { return len(s.queue) }

// Run is the writer: it takes the first queued op, collects whatever else is queued up to
// MaxBatch (see collect) and commits them together. Once ctx is done or Close is called it takes
// no new writes, commits those already queued and returns. Commits use a context of their own,
// so a write that was accepted is never undone by the shutdown that ends Run.
func (s *Store) Run(ctx context.Context) error {
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("store: the writer is already running")
	}
	defer close(s.writerDone)
	stop := context.AfterFunc(ctx, func() { s.stopIntake() })
	defer stop()
	w := s.newWriterState()
	defer w.close()
	var lastCommit time.Time
	for first := range s.queue {
		s.commitBatch(s.collect(first, lastCommit), w)
		lastCommit = time.Now()
		if w.stmts != nil {
			w.stmts.preparePending(context.Background())
		}
	}
	return nil
}

// writerState is what the writer goroutine keeps between batches; on PostgreSQL both are nil.
type writerState struct {
	stmts *stmtCache
	convs *convCache
}

func (s *Store) newWriterState() *writerState {
	w := &writerState{}
	if s.d.name == DialectSQLite {
		// pgx caches prepared statements itself; SQLite's driver parses every statement anew.
		w.stmts = newStmtCache(s.wdb.DB)
		w.convs = newConvCache()
	}
	return w
}

func (w *writerState) close() {
	if w.stmts != nil {
		w.stmts.close()
	}
}

// collect returns first with whatever else is queued, up to MaxBatch. While the writer is busy,
// that is when it takes first within CommitDelay of finishing the previous commit, it also
// waits up to CommitDelay for more writes (PostgreSQL's commit_delay, for the same reason):
// every commit costs an fsync and rewrites the pages at the edges of the message and event
// tables whatever its size, and at a steady 1,000 messages/s from many senders most batches
// were a single write. An idle writer commits at once, so a lone message waits for nothing.
func (s *Store) collect(first *op, lastCommit time.Time) []*op {
	batch := []*op{first}
	if s.delay <= 0 || time.Since(lastCommit) >= s.delay {
		return s.drain(batch)
	}
	timer := time.NewTimer(s.delay)
	defer timer.Stop()
	for len(batch) < s.max {
		select {
		case o, ok := <-s.queue:
			if !ok {
				return batch
			}
			batch = append(batch, o)
		case <-timer.C:
			return s.drain(batch)
		}
	}
	return batch
}

// drain adds to batch whatever is queued, up to MaxBatch, without waiting.
func (s *Store) drain(batch []*op) []*op {
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
