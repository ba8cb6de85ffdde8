package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

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
func (s *Store) commitBatch(batch []*op, cache *stmtCache) {
	live := start(batch)
	if len(live) == 0 {
		return
	}
	// The ops run to completion once started, whatever their callers do meanwhile.
	ctx := context.Background()
	started := len(live)
	committed, err := s.commitFast(ctx, live, cache)
	if err == nil && !committed {
		live = answerFailed(live)
		err = s.commitIsolated(ctx, live, cache)
	}
	if err != nil {
		s.failAll(live, err)
		return
	}
	s.batches.Add(1)
	s.ops.Add(int64(started))
	s.answer(live)
}

// commitFast runs the ops back to back in one transaction and commits if every one succeeds.
// When one fails with its own error (kept in its err) it rolls back and reports committed false;
// the ops after it have not run. A returned error means the transaction itself failed.
func (s *Store) commitFast(ctx context.Context, ops []*op, cache *stmtCache) (committed bool, err error) {
	b, err := s.begin(ctx, cache)
	if err != nil {
		return false, err
	}
	for _, o := range ops {
		if s.runOp(ctx, b, o, b.seqs); o.err != nil {
			return false, b.rollback()
		}
	}
	return true, b.commit(ctx, ops)
}

// commitIsolated runs each op in its own savepoint, so a failing op undoes only its own changes,
// and commits. A returned error means the transaction itself failed.
func (s *Store) commitIsolated(ctx context.Context, ops []*op, cache *stmtCache) error {
	b, err := s.begin(ctx, cache)
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
// events, on o. Both are set afresh because an op may run a second time.
func (s *Store) runOp(ctx context.Context, b *batchTx, o *op, seqs eventSeqs) {
	t := &Tx{ctx: ctx, c: b.c, now: s.now(), seqs: seqs}
	o.err, o.events = s.call(o, t), nil
	if o.err == nil {
		o.events = t.events
	}
}

// answerFailed answers the ops that failed with their own error and returns the others.
func answerFailed(ops []*op) []*op {
	return slices.DeleteFunc(ops, func(o *op) bool {
		if o.err == nil {
			return false
		}
		o.done <- o.err
		return true
	})
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
	if sink := s.sink.Load(); sink != nil && len(events) > 0 {
		(*sink).Publish(events)
	}
}

// batchTx is one group-commit transaction.
type batchTx struct {
	tx   *sqlx.Tx
	c    conn      // tx, through the writer's statement cache on SQLite
	seqs eventSeqs // the event counters the committed ops advanced, saved just before commit
}

func (s *Store) begin(ctx context.Context, cache *stmtCache) (*batchTx, error) {
	tx, err := s.wdb.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	var q querier = tx
	if cache != nil {
		q = txStmt{cache: cache, tx: tx.Tx}
	}
	return &batchTx{tx: tx, c: conn{q: q, d: s.d}, seqs: eventSeqs{}}, nil
}

// commit stores the events of the ops that succeeded and their organisations' counters, then
// commits. A failure here fails the whole batch.
func (b *batchTx) commit(ctx context.Context, ops []*op) error {
	if err := b.saveEvents(ctx, ops); err != nil {
		_ = b.tx.Rollback()
		return err
	}
	if err := b.tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (b *batchTx) saveEvents(ctx context.Context, ops []*op) error {
	var events []emitted
	for _, o := range ops {
		if o.err == nil {
			events = append(events, o.events...)
		}
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
