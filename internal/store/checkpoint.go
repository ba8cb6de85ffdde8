package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"
)

// checkpointEvery is how often the checkpointer copies the WAL into the database file. Each
// run writes every page changed since the last one once, however often it changed, so a
// longer interval writes less; the WAL grows by about a second of commits in between.
const checkpointEvery = time.Second

// walBackstop is the writer's own wal_autocheckpoint, in pages: it only runs if the
// checkpointer falls this far behind (a reader holding an old snapshot, a stalled disk).
const walBackstop = 16384

// checkpointer runs SQLite's WAL checkpoints on a connection of its own. Left to
// wal_autocheckpoint, the commit that crosses the threshold copies the WAL into the database
// and fsyncs it before it returns, so every message of that batch waits for the copy; a
// profile at 2,500 msg/s put 17 % of the writer's time there. A PASSIVE checkpoint from
// another connection runs beside the writer and never blocks it or the readers.
type checkpointer struct {
	db   *sqlx.DB
	log  *slog.Logger
	stop chan struct{}
	done chan struct{}
}

func newCheckpointer(db *sqlx.DB, log *slog.Logger) *checkpointer {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	return &checkpointer{db: db, log: log, stop: make(chan struct{}), done: make(chan struct{})}
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
			c.checkpoint()
		}
	}
}

// checkpoint copies what it can; a failure is logged and retried on the next tick, while the
// writer's backstop keeps the WAL bounded.
func (c *checkpointer) checkpoint() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var busy, logFrames, done int
	err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logFrames, &done)
	if err != nil {
		c.log.Warn("store: wal checkpoint", "err", err)
	}
}
