package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Publisher receives committed events in commit order: the bus, in the server. The writer calls
// Publish after each COMMIT, on its own goroutine, so Publish must hand the events on and
// return (the bus queues them for its own delivery goroutine): a Publish that blocks holds back
// every later write.
type Publisher interface{ Publish(events []kefu.Event) }

// Options configure Open.
type Options struct {
	URL      string           // "postgres://..." or "postgresql://..." selects PostgreSQL; otherwise a SQLite file path
	Logger   *slog.Logger     // nil discards
	Events   Publisher        // receives committed events in commit order; may be nil
	MaxBatch int              // most ops per group-commit transaction; 0 = 256
	Now      func() time.Time // clock; nil = time.Now
	// CommitDelay is how long a busy writer waits for more writes before it commits a batch;
	// 0 commits at once. See collect.
	CommitDelay time.Duration
	// PlainVFS opens SQLite through modernc's default VFS instead of walvfs, to rule walvfs
	// out (after a modernc upgrade, or when it is suspected); the files are the same either
	// way. PostgreSQL ignores it.
	PlainVFS bool
}

// queueSize bounds the writes waiting for the writer. A full queue sheds load instead of letting
// latency grow without bound.
const queueSize = 4096

// Store is kefu's database. It is safe for concurrent use. Its writes go through one writer,
// Run, which the caller runs (the server under its errgroup) from Open until Close.
type Store struct {
	d          dialect
	wdb        *sqlx.DB // the writer's pool; on SQLite exactly one connection
	rdb        *sqlx.DB // queries; on PostgreSQL the same pool as wdb
	log        *slog.Logger
	clock      func() time.Time
	events     atomic.Pointer[Publisher]
	sealer     atomic.Pointer[Sealer] // set once the keyring is loaded; see SetSealer
	max        int
	delay      time.Duration // Options.CommitDelay
	queue      chan *op
	mu         sync.RWMutex // guards closed against sends on a closed queue
	closed     bool
	running    atomic.Bool   // Run has started
	writerDone chan struct{} // closed when Run has returned
	closeOnce  sync.Once     // the pools close once, whoever stopped the writer

	batches  atomic.Int64
	ops      atomic.Int64
	isolated atomic.Int64 // batches that ran again with a savepoint per op
	faults   faults       // failures tests inject where the database will not fail on demand
	outbox   outbox       // which appends queue an outbound delivery (see SetDeliveryPolicy)
}

// Open connects to the database. It neither migrates nor writes: writes (migrations included)
// wait for Run.
func Open(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{
		log:        opts.Logger,
		clock:      opts.Now,
		max:        opts.MaxBatch,
		delay:      max(opts.CommitDelay, 0),
		queue:      make(chan *op, queueSize),
		writerDone: make(chan struct{}),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.max <= 0 {
		s.max = 256
	}
	if opts.Events != nil {
		s.SetPublisher(opts.Events)
	}
	var err error
	if isPostgresURL(opts.URL) {
		err = s.openPostgres(opts.URL)
	} else {
		err = s.openSQLite(opts.URL, opts.PlainVFS)
	}
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.closePools()
		return nil, err
	}
	return s, nil
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// openPostgres opens one pool shared by the writer and readers: PostgreSQL handles concurrent
// writers itself, and row locks keep per-org event sequences ordered.
func (s *Store) openPostgres(u string) error {
	s.d = dialect{name: DialectPostgres}
	db, err := sqlx.Open("pgx", u)
	if err != nil {
		return kefu.Internal(fmt.Errorf("open postgres: %w", err))
	}
	// 20 connections cover the writer plus concurrent reads without exhausting a default
	// max_connections of 100 when several nodes share the server.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	// Recycle idle connections so a restarted or failed-over server is picked up.
	db.SetConnMaxIdleTime(5 * time.Minute)
	s.wdb, s.rdb = db, db
	return nil
}

// openSQLite opens two pools on one file: a single write connection used only by the writer
// goroutine (SQLite allows one writer at a time anyway, and one connection avoids SQLITE_BUSY
// between our own writers) and a read pool that WAL lets run beside the writer.
func (s *Store) openSQLite(path string, plainVFS bool) error {
	s.d = dialect{name: DialectSQLite}
	if path == "" {
		return kefu.Errorf(kefu.CodeInvalid, "database url is empty")
	}
	if isPlainPath(path) {
		if err := privateSQLiteFiles(path); err != nil {
			return kefu.Internal(err)
		}
	}
	vfs, err := s.sqliteVFS(plainVFS)
	if err != nil {
		return err
	}
	common := []string{
		// WAL lets readers proceed while the writer commits, and makes commits sequential
		// appends instead of rewriting pages in place.
		"journal_mode(WAL)",
		// FULL fsyncs the WAL on every commit. kefu acks a message only after commit, and the
		// product promises an acked message survives power loss; NORMAL could lose the last
		// commits. Group commit, not weaker durability, is where throughput comes from.
		"synchronous(FULL)",
		// Wait instead of failing at once when another process (a backup, the CLI) holds a lock.
		"busy_timeout(10000)",
		// SQLite ignores REFERENCES unless asked; the schema relies on them for integrity.
		"foreign_keys(1)",
	}
	// BEGIN IMMEDIATE takes the write lock at the start of the batch, so a write transaction can
	// never fail half-way with SQLITE_BUSY on upgrade from a read lock.
	writer := slices.Concat(common, []string{
		// The default 2 MB page cache is smaller than the pages a busy writer keeps touching (the
		// right edges of the message and event tables and their per-conversation index leaves), so
		// a batch re-read pages from the OS and spilled dirty ones to the WAL mid-transaction.
		// Not larger than 16 MiB: a page split parks a page under the lock-byte page number,
		// after which every commit walks the cache's whole hash table (pcache1 truncate); at
		// 64 MiB that walk was 14 % of the server's CPU in the chat benchmark.
		"cache_size(-16384)",
		// Pages the cache does not hold come from a memory map instead of a pread each (13 % of
		// the server's CPU in the chat benchmark). Only the writer maps the file: on the read
		// pool, whose hellos and history reads touch every contact's rows, the mapped pages
		// counted as the server's memory (+12 KiB per idle visitor) for no measurable gain.
		"mmap_size(1073741824)",
		// A statement that may change several rows keeps a statement journal to undo itself, and a
		// savepoint a sub-journal; in memory these cost a copy, in a temp file a write syscall.
		"temp_store(MEMORY)",
	})
	w, err := sqlx.Open("sqlite", sqliteDSN(path, vfs, writer, "immediate"))
	if err != nil {
		return kefu.Internal(fmt.Errorf("open sqlite: %w", err))
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0) // keep the one connection: reopening costs pragmas and page cache
	// query_only makes any accidental write on the read pool fail loudly instead of racing the
	// writer for the lock.
	r, err := sqlx.Open("sqlite", sqliteDSN(path, vfs, append(common[2:], "query_only(1)"), ""))
	if err != nil {
		w.Close()
		return kefu.Internal(fmt.Errorf("open sqlite: %w", err))
	}
	// A handful of readers is plenty on 2 cores; each holds its own page cache.
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.wdb, s.rdb = w, r
	return nil
}

// sqliteDSN builds a modernc DSN: the file path followed by the vfs, _pragma and _txlock
// parameters, which the driver applies on every new connection. An empty vfs is the default.
func sqliteDSN(path, vfs string, pragmas []string, txlock string) string {
	q := url.Values{}
	if vfs != "" {
		q.Set("vfs", vfs)
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if txlock != "" {
		q.Set("_txlock", txlock)
	}
	return path + "?" + q.Encode()
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// SetPublisher sets where committed events go (see Options.Events).
func (s *Store) SetPublisher(p Publisher) {
	if p == nil {
		s.events.Store(nil)
		return
	}
	s.events.Store(&p)
}

// Ping checks that both pools reach the database.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.wdb.PingContext(ctx); err != nil {
		return &kefu.Error{Code: kefu.CodeUnavailable, Message: "database unreachable", Err: err}
	}
	if err := s.rdb.PingContext(ctx); err != nil {
		return &kefu.Error{Code: kefu.CodeUnavailable, Message: "database unreachable", Err: err}
	}
	return nil
}

// Close stops accepting writes, waits for Run to commit the queued ones (when it runs; else
// they fail as unavailable), then closes the pools. Calls after the first return nil.
func (s *Store) Close() error {
	s.stopIntake()
	if !s.running.Load() {
		s.failQueued()
	} else {
		<-s.writerDone
	}
	var err error
	s.closeOnce.Do(func() { err = s.closePools() })
	return err
}

// stopIntake makes new writes fail as unavailable and ends Run once the queue is drained.
func (s *Store) stopIntake() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
}

// failQueued answers the writes queued for a writer that never ran.
func (s *Store) failQueued() {
	for o := range s.queue {
		o.done <- kefu.Errorf(kefu.CodeUnavailable, "the store is shutting down")
	}
}

func (s *Store) closePools() error {
	err := s.wdb.Close()
	if s.rdb != s.wdb {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// now is the store's clock at the database's precision, in UTC.
func (s *Store) now() time.Time { return normTime(s.clock()) }
