package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const auditColumns = `org_id, seq, at, actor_kind, actor_id, token_id, ip, user_agent, action,
	target_type, target_id, before_json, after_json, prev_hash, hash`

// AppendAudit appends entries to their organisations' chains in one write, through the writer:
// each entry takes the next seq of its chain and the hash of the entry before it, then seal
// computes its own hash. The chain's head row is locked (PostgreSQL) for the rest of the
// transaction, so appends from several nodes still form one linear chain per organisation.
// On success entries hold their Seq, PrevHash and Hash. Package audit owns the hash's encoding;
// the store only keeps the chain's order.
func (s *Store) AppendAudit(ctx context.Context, entries []kefu.AuditEntry, seal func(*kefu.AuditEntry) string) error {
	var sealed []kefu.AuditEntry
	err := s.write(ctx, func(t *Tx) error {
		// Assigned afresh on every run: the writer may run an op twice.
		sealed = make([]kefu.AuditEntry, len(entries))
		for i, e := range entries {
			if err := s.appendAuditEntry(t, &e, seal); err != nil {
				return err
			}
			sealed[i] = e
		}
		return nil
	})
	if err != nil {
		return err
	}
	copy(entries, sealed)
	return nil
}

// withAudit makes run also append p's entries once it succeeded, in the same transaction: the
// change and its audit record commit together or not at all (see kefu.PendingAudit).
func (s *Store) withAudit(run func(*Tx) error, p *kefu.PendingAudit) func(*Tx) error {
	return func(t *Tx) error {
		if err := run(t); err != nil {
			return err
		}
		for i := range p.Entries {
			// Each run starts from the entry as given: the writer may run an op twice.
			e := p.Entries[i]
			e.Seq, e.PrevHash, e.Hash = 0, "", ""
			if err := s.appendAuditEntry(t, &e, p.Seal); err != nil {
				return err
			}
		}
		return nil
	}
}

func (s *Store) appendAuditEntry(t *Tx, e *kefu.AuditEntry, seal func(*kefu.AuditEntry) string) error {
	head, err := s.lockAuditHead(t, e.OrgID)
	if err != nil {
		return err
	}
	e.At = normTime(e.At)
	e.Seq, e.PrevHash = head.Seq+1, head.Hash
	e.Hash = seal(e)
	_, err = t.exec(`INSERT INTO audit_log (`+auditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.OrgID, e.Seq, micros(e.At), e.ActorKind, e.ActorID, e.TokenID, e.IP, e.UserAgent, e.Action,
		e.TargetType, e.TargetID, string(e.Before), string(e.After), e.PrevHash, e.Hash)
	if err != nil {
		return dbError(err)
	}
	_, err = t.exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE org_id = ?`, e.Seq, e.Hash, e.OrgID)
	return dbError(err)
}

// lockAuditHead returns the head of orgID's chain, creating an empty one first, locked until
// the transaction ends. Two nodes creating the same head race on the primary key; the loser
// waits for the winner and then locks its row.
//
// On PostgreSQL every append first takes one transaction-scoped advisory lock per schema: a
// batch may append to several organisations' chains in whatever order its ops came, and two
// nodes locking two heads in opposite orders would deadlock. Audit entries are few, so
// serialising their appends across nodes costs nothing that matters; the lock is re-entrant, so
// a batch with many appends takes it once in effect.
func (s *Store) lockAuditHead(t *Tx, orgID string) (kefu.AuditHead, error) {
	h := kefu.AuditHead{OrgID: orgID}
	if s.d.name == DialectPostgres {
		if _, err := t.exec(`SELECT pg_advisory_xact_lock(hashtext('kefu_audit:' || current_schema()))`); err != nil {
			return h, dbError(err)
		}
	}
	if _, err := t.exec(`INSERT INTO audit_heads (org_id, seq, hash) VALUES (?, 0, '')
		ON CONFLICT (org_id) DO NOTHING`, orgID); err != nil {
		return h, dbError(err)
	}
	err := t.c.queryRow(t.ctx, `SELECT seq, hash FROM audit_heads WHERE org_id = ?`+s.d.forUpdate(), orgID).
		Scan(&h.Seq, &h.Hash)
	return h, dbError(err)
}

// ListAudit returns orgID's entries matching f, newest first (oldest first with f.Ascending), at most f.Limit (default 50, at
// most 500).
func (s *Store) ListAudit(ctx context.Context, orgID string, f kefu.AuditFilter) ([]kefu.AuditEntry, error) {
	where, args := auditWhere(orgID, f)
	limit := clampLimit(f.Limit, 50, 500)
	order := " ORDER BY seq DESC"
	if f.Ascending {
		order = " ORDER BY seq"
	}
	rows, err := s.reader().query(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE `+where+order+` LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return scanAuditRows(rows)
}

// auditWhere builds the WHERE clause of ListAudit.
func auditWhere(orgID string, f kefu.AuditFilter) (string, []any) {
	conds, args := []string{"org_id = ?"}, []any{orgID}
	add := func(cond string, vals ...any) {
		conds, args = append(conds, cond), append(args, vals...)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.ActionPrefix != "" {
		add("substr(action, 1, ?) = ?", len([]rune(f.ActionPrefix)), f.ActionPrefix)
	}
	if f.TargetType != "" {
		add("target_type = ?", f.TargetType)
	}
	if f.TargetID != "" {
		add("target_id = ?", f.TargetID)
	}
	if !f.From.IsZero() {
		add("at >= ?", micros(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", micros(f.To))
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if f.AfterSeq > 0 {
		add("seq > ?", f.AfterSeq)
	}
	return strings.Join(conds, " AND "), args
}

// AuditChains reads the audit log's chains as of one moment (see AuditSnapshot).
type AuditChains struct {
	c conn
}

// AuditSnapshot runs fn on the audit log as it was when fn's first read ran: a read transaction
// (REPEATABLE READ on PostgreSQL; SQLite's WAL gives every read transaction a snapshot), so that
// entries appended meanwhile by a running server are neither half seen nor taken for a break
// between the heads and the entries.
func (s *Store) AuditSnapshot(ctx context.Context, fn func(AuditChains) error) error {
	var opts *sql.TxOptions
	if s.d.name == DialectPostgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := s.rdb.BeginTxx(ctx, opts)
	if err != nil {
		return kefu.Internal(err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(AuditChains{c: conn{q: tx, d: s.d}})
}

// ScanAudit returns up to limit entries of orgID's chain with a seq above afterSeq, oldest
// first: verification pages through a chain with it in constant memory.
func (a AuditChains) ScanAudit(ctx context.Context, orgID string, afterSeq int64, limit int) ([]kefu.AuditEntry, error) {
	rows, err := a.c.query(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE org_id = ? AND seq > ?
		ORDER BY seq LIMIT ?`, orgID, afterSeq, limit)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return scanAuditRows(rows)
}

// AuditHeads returns the head of every chain, and a head with seq -1 for each organisation that
// has entries but no head row (which only deleting it can cause), by organisation.
func (a AuditChains) AuditHeads(ctx context.Context) ([]kefu.AuditHead, error) {
	rows, err := a.c.query(ctx, `SELECT org_id, seq, hash FROM audit_heads
		UNION ALL SELECT DISTINCT org_id, -1, '' FROM audit_log
			WHERE org_id NOT IN (SELECT org_id FROM audit_heads)
		ORDER BY org_id`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	heads := []kefu.AuditHead{}
	for rows.Next() {
		var h kefu.AuditHead
		if err := rows.Scan(&h.OrgID, &h.Seq, &h.Hash); err != nil {
			return nil, kefu.Internal(err)
		}
		heads = append(heads, h)
	}
	return heads, dbError(rows.Err())
}

func scanAuditRows(rows interface {
	scanner
	Next() bool
	Err() error
	Close() error
}) ([]kefu.AuditEntry, error) {
	defer rows.Close()
	entries := []kefu.AuditEntry{}
	for rows.Next() {
		var (
			e             kefu.AuditEntry
			at            int64
			before, after string
		)
		err := rows.Scan(&e.OrgID, &e.Seq, &at, &e.ActorKind, &e.ActorID, &e.TokenID, &e.IP, &e.UserAgent,
			&e.Action, &e.TargetType, &e.TargetID, &before, &after, &e.PrevHash, &e.Hash)
		if err != nil {
			return nil, kefu.Internal(err)
		}
		e.At = fromMicros(at)
		if before != "" {
			e.Before = []byte(before)
		}
		if after != "" {
			e.After = []byte(after)
		}
		entries = append(entries, e)
	}
	return entries, dbError(rows.Err())
}
