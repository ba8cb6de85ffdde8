package store

import (
	"context"
	"fmt"
	"maps"

	"github.com/jmoiron/sqlx"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// commitBatch commits the started ops of a batch in one transaction, answers every caller and
// only then publishes the batch's events.
//
// The ops first run back to back without savepoints (commitFast). A SAVEPOINT/RELEASE pair per
// op cost two statements and made SQLite copy every page the op touched into a sub-journal, about
// a sixth of an append's CPU; on PostgreSQL, more than 64 subtransactions overflow a backend's
// cache of them and every visibility check then looks them up in pg_subtrans. Yet ops rarely
// fail, so isolation is paid for only when one does: the transaction is rolled back, the failed
// op is answered with its own error, and the others run again in a fresh transaction, each in
// its own savepoint (commitIsolated). A batch costs at most two transactions however many of its
// ops fail, and an op's closure may run twice, which is why write closures assign what they
// capture and never accumulate into it.
func (s *Store) commitBatch(batch []*op, w *writerState) {
	live := start(batch)
	if len(live) == 0 {
		return
	}
	// The ops run to completion once started, whatever their callers do meanwhile.
	ctx := context.Background()
	started := len(live)
	committed, err := s.commitFast(ctx, live, w)
	if err == nil && !committed {
		// Rolled back: whatever the ops left in the conversation cache never happened. (A
		// failed op drops it too, but pending rows or events that failed to save leave every
		// op successful.)
		w.convs.clear()
		s.isolated.Add(1)
		var failed []*op
		live, failed = splitFailed(live)
		// A failed op hears its error only once the others committed: its failure may come
		// from one of them (the same identity inserted twice in a batch), and a caller that
		// then reads what made it fail must find it.
		defer answerEach(failed)
		err = s.commitIsolated(ctx, live, w)
	}
	if err != nil {
		w.convs.clear()
		s.failAll(live, err)
		return
	}
	s.batches.Add(1)
	s.ops.Add(int64(started))
	s.answer(live)
}

// commitFast runs the ops back to back in one transaction and commits if every one succeeds.
// When one fails with its own error (kept in its err) it rolls back and reports committed false;
// the ops after it have not run. So it does when the pending rows of plain appends (PostgreSQL)
// cannot be written, with no op's error set: the savepoint path, which writes every row at once,
// then tells whose rows failed. A returned error means the transaction itself failed.
func (s *Store) commitFast(ctx context.Context, ops []*op, w *writerState) (committed bool, err error) {
	b, err := s.begin(ctx, w, ops)
	if err != nil {
		return false, err
	}
	if s.d.name == DialectPostgres {
		b.pending = newPendingAppends()
	}
	for i, o := range ops {
		if err := b.pending.prepare(ctx, b.c, ops[i:]); err != nil {
			return false, s.isolate(b, err)
		}
		if s.runOp(ctx, b, o, b.seqs); o.err != nil {
			return false, b.rollback()
		}
	}
	if err := s.faults.saveEvents(); err != nil {
		return false, s.isolate(b, err)
	}
	if err := b.saveEvents(ctx, ops); err != nil { // with the pending rows
		return false, s.isolate(b, err)
	}
	return true, b.commitTx()
}

// isolate rolls back a batch whose pending rows (or, with them, events) could not be written, so
// that its ops run again on the savepoint path. cause is logged only: an op with a bad row gets
// its own error there, and should the transaction itself be broken the second try fails too.
func (s *Store) isolate(b *batchTx, cause error) error {
	s.log.Debug("store write batch: pending rows failed, retrying with savepoints", "err", cause)
	return b.rollback()
}

// commitIsolated runs each op in its own savepoint, so a failing op undoes only its own changes,
// and commits. A returned error means the transaction itself failed.
func (s *Store) commitIsolated(ctx context.Context, ops []*op, w *writerState) error {
	b, err := s.begin(ctx, w, ops)
	if err != nil {
		return err
	}
	for _, o := range ops {
		if err := s.runInSavepoint(ctx, b, o); err != nil {
			_ = b.rollback()
			return err
		}
	}
	return b.commit(ctx, ops)
}

// runInSavepoint runs one op inside a savepoint. On failure it rolls back the op's rows and the
// event seqs it took; on PostgreSQL that also releases the org locks the op took first. The
// returned error means the transaction itself is broken; the op's own error is in o.err.
func (s *Store) runInSavepoint(ctx context.Context, b *batchTx, o *op) error {
	if _, err := b.c.exec(ctx, "SAVEPOINT kefu_op"); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	seqs := maps.Clone(b.seqs)
	if s.runOp(ctx, b, o, seqs); o.err != nil {
		if _, err := b.c.exec(ctx, "ROLLBACK TO SAVEPOINT kefu_op"); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
	} else {
		b.seqs = seqs
	}
	if _, err := b.c.exec(ctx, "RELEASE SAVEPOINT kefu_op"); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// runOp runs one op in b, taking event seqs from seqs, and keeps its own error, or on success its
// events, on o. Both are set afresh because an op may run a second time. Only an op that
// declared its conversation sees the cache; any other op, or a failed one, drops it.
func (s *Store) runOp(ctx context.Context, b *batchTx, o *op, seqs eventSeqs) {
	t := &Tx{ctx: ctx, c: b.c, now: s.now(), seqs: seqs, out: &s.outbox}
	if o.target != nil {
		t.cache = b.convs
	}
	if o.plain != nil {
		t.pending = b.pending
	}
	o.err, o.events = s.call(o, t), nil
	if o.err == nil {
		o.events = t.events
	}
	if o.target == nil || o.err != nil {
		// An op that declared nothing may have changed any cached row; a failed op's changes are
		// undone (by its savepoint, or with the whole transaction).
		b.convs.clear()
	}
}

// splitFailed returns the ops without an error of their own, then those with one.
func splitFailed(ops []*op) (ok, failed []*op) {
	for _, o := range ops {
		if o.err != nil {
			failed = append(failed, o)
		} else {
			ok = append(ok, o)
		}
	}
	return ok, failed
}

// answerEach tells each op its own error.
func answerEach(ops []*op) {
	for _, o := range ops {
		o.done <- o.err
	}
}

// answer tells every caller of a committed batch its outcome, then publishes the events of the
// ops that succeeded, in commit order.
func (s *Store) answer(ops []*op) {
	var events []kefu.Event
	for _, o := range ops {
		if o.err == nil {
			for _, e := range o.events {
				events = append(events, e.Event)
			}
		}
		o.done <- o.err
	}
	if p := s.events.Load(); p != nil && len(events) > 0 {
		(*p).Publish(events)
	}
}

// batchTx is one group-commit transaction.
type batchTx struct {
	tx    *sqlx.Tx
	c     conn       // tx, through the writer's statement cache on SQLite
	seqs  eventSeqs  // the event counters the committed ops advanced, saved just before commit
	convs *convCache // the declared conversations as the transaction has them (see convCache)
	// pending holds plain appends' rows until they are flushed; nil (SQLite, savepoint path):
	// every op writes at once.
	pending *pendingAppends
}

// begin starts a batch transaction for ops and reads what they declared they write: first the
// organisations' rows (locking them on PostgreSQL), then their conversations, one statement each.
func (s *Store) begin(ctx context.Context, w *writerState, ops []*op) (*batchTx, error) {
	tx, err := s.wdb.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	var q querier = tx
	if w.stmts != nil {
		q = txStmt{cache: w.stmts, tx: tx.Tx}
	}
	b := &batchTx{tx: tx, c: conn{q: q, d: s.d}, seqs: eventSeqs{}, convs: w.convs}
	if err := b.prefetch(ctx, ops); err != nil {
		_ = b.rollback()
		return nil, err
	}
	return b, nil
}

// prefetch fills the conversation cache with what the ops declared and it does not hold yet. On
// SQLite the cache is the writer's and outlives the batch, unless another connection committed
// meanwhile; on PostgreSQL every batch starts empty and locks what it reads.
func (b *batchTx) prefetch(ctx context.Context, ops []*op) error {
	if b.convs == nil {
		b.convs = newConvCache()
	} else if err := b.convs.checkDataVersion(ctx, b.c); err != nil {
		return fmt.Errorf("data version: %w", err)
	}
	targets, orgIDs := batchTargets(ops, b.convs)
	if err := lockOrgs(ctx, b.c, b.seqs, orgIDs); err != nil {
		return fmt.Errorf("lock orgs: %w", err)
	}
	return b.convs.load(ctx, b.c, targets)
}

// commit stores the events of the ops that succeeded and their organisations' counters, then
// commits. A failure here fails the whole batch.
func (b *batchTx) commit(ctx context.Context, ops []*op) error {
	if err := b.saveEvents(ctx, ops); err != nil {
		_ = b.tx.Rollback()
		return err
	}
	return b.commitTx()
}

func (b *batchTx) commitTx() error {
	if err := b.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// saveEvents stores the events of the ops that succeeded and advances their organisations'
// counters; on PostgreSQL the same statement writes the rows plain appends left pending.
func (b *batchTx) saveEvents(ctx context.Context, ops []*op) error {
	var events []emitted
	for _, o := range ops {
		if o.err == nil {
			events = append(events, o.events...)
		}
	}
	if b.c.d.name == DialectPostgres {
		if err := saveEventsAndSeqs(ctx, b.c, b.pending, events, b.seqs); err != nil {
			return fmt.Errorf("save events: %w", err)
		}
		return nil
	}
	if err := insertEvents(ctx, b.c, events); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	if err := b.seqs.save(ctx, b.c); err != nil {
		return fmt.Errorf("save event seqs: %w", err)
	}
	return nil
}

func (b *batchTx) rollback() error {
	if err := b.tx.Rollback(); err != nil {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}
