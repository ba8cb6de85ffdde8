package store

import (
	"context"
	"database/sql"
)

// stmtCache keeps the writer's statements prepared on its connection. SQLite spends a third of
// an append parsing SQL; the writer runs the same dozen statements over and over, so each is
// parsed once. Only the writer goroutine uses it, so it needs no lock.
//
// The write pool has a single connection, busy during a transaction, so a statement seen for the
// first time runs unprepared and is prepared after the transaction ends (preparePending); from
// the next batch on, database/sql finds it already prepared on that connection.
type stmtCache struct {
	db      *sql.DB
	m       map[string]*sql.Stmt
	pending map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns query prepared, or nil (and remembers it) when it is not prepared yet; query is
// already rebound.
func (c *stmtCache) get(query string) *sql.Stmt {
	st, ok := c.m[query]
	if !ok {
		c.pending[query] = true
	}
	return st
}

// preparePending prepares the statements first seen in the last batch. It runs between
// transactions, when the write connection is free. A statement that fails to prepare simply
// keeps running unprepared.
func (c *stmtCache) preparePending(ctx context.Context) {
	for q := range c.pending {
		if st, err := c.db.PrepareContext(ctx, q); err == nil {
			c.m[q] = st
		}
		delete(c.pending, q)
	}
}

// close releases every statement.
func (c *stmtCache) close() {
	for _, st := range c.m {
		st.Close()
	}
}

// txStmt runs cached statements inside one transaction: database/sql reuses the connection's
// prepared statement instead of preparing it again.
type txStmt struct {
	cache *stmtCache
	tx    *sql.Tx
}

func (t txStmt) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.cache.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t txStmt) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.cache.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t txStmt) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.cache.get(query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
