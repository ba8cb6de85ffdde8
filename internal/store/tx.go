package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// querier is what both a pool and a transaction offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs `?`-placeholder SQL on a pool or a transaction, rebinding for the dialect, so the
// same read helpers serve queries and the writer.
type conn struct {
	q querier
	d dialect
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.d.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.d.rebind(query), args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.d.rebind(query), args...)
}

// strings runs a query of one text column and returns its values in order.
func (c conn) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}

// reader is the connection for queries outside the writer.
func (s *Store) reader() conn { return conn{q: s.rdb, d: s.d} }

// Tx is one write operation's view of the group-commit transaction. A kefu.ConversationChange reads
// inside the transaction; its reads are scoped to the conversation's organisation.
type Tx struct {
	ctx    context.Context
	c      conn
	now    time.Time
	org    string     // the organisation a conversation change's reads are scoped to
	conv   string     // the conversation a change is about (routing decisions are written for it)
	events []emitted  // events this op emitted, stored at commit and published after
	seqs   eventSeqs  // the transaction's event counters, as this op sees them
	cache  *convCache // the batch's conversations, for an op that declared its target; else nil
	// pending takes a plain append's rows until the batch flushes them (PostgreSQL's fast path);
	// nil: write at once.
	pending *pendingAppends
	out     *outbox // the store's delivery policy and inbox channel types (see queueDelivery)
}

// AgentOpenLoad counts the conversations assigned to agentID with status open or pending. On
// PostgreSQL it first locks the agent's row until commit, so two processes assigning to the
// same agent count one after the other and cannot both take the last slot.
func (t *Tx) AgentOpenLoad(agentID string) (int, error) {
	if err := t.lockAgent(agentID); err != nil {
		return 0, err
	}
	var n int
	err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM conversations
		WHERE org_id = ? AND assignee_id = ? AND status IN ('open', 'pending')`, t.org, agentID).Scan(&n)
	if err != nil {
		return 0, kefu.Internal(err)
	}
	return n, nil
}

// lockAgent takes the agent row's lock on PostgreSQL; SQLite has one writer already.
func (t *Tx) lockAgent(agentID string) error {
	if t.c.d.name != DialectPostgres {
		return nil
	}
	var one int
	err := t.c.queryRow(t.ctx, `SELECT 1 FROM agents WHERE org_id = ? AND id = ?`+t.c.d.forNoKeyUpdate(), t.org, agentID).Scan(&one)
	return dbError(err)
}

// GetAgent returns an agent of the conversation's organisation.
func (t *Tx) GetAgent(agentID string) (*kefu.Agent, error) {
	return getAgent(t.ctx, t.c, t.org, agentID)
}

// exec runs a statement inside the transaction.
func (t *Tx) exec(query string, args ...any) (sql.Result, error) {
	return t.c.exec(t.ctx, query, args...)
}

// mustAffect turns "no row matched" into not found, for updates and deletes by id and org.
func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return dbError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return kefu.Internal(err)
	}
	if n == 0 {
		return kefu.ErrNotFound
	}
	return nil
}

// dbError maps a database error: no rows is not found, anything else is internal; nil stays nil.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return kefu.ErrNotFound
	}
	var ke *kefu.Error
	if errors.As(err, &ke) {
		return err
	}
	return kefu.Internal(err)
}

// newID returns a UUIDv7: time-ordered, so inserts stay at the right edge of indexes.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}
