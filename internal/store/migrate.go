package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/migrations"
)

// provider builds a goose provider over the embedded migrations of the store's dialect. Never
// Close it: that would close the store's pool.
func (s *Store) provider(ctx context.Context) (*goose.Provider, error) {
	dir, gd := "sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.d.name == DialectPostgres {
		dir, gd = "postgres", goose.DialectPostgres
		locker, err := s.migrationLocker(ctx)
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	// The global registry holds Go migrations of the whole process; ours are SQL only.
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	p, err := goose.NewProvider(gd, s.wdb.DB, fsys, opts...)
	if err != nil {
		return nil, kefu.Internal(fmt.Errorf("migrations: %w", err))
	}
	return p, nil
}

// migrationLocker serialises nodes that start together on the same PostgreSQL schema with an
// advisory lock. The lock id is derived from the schema so separate schemas (test runs, several
// deployments on one server) never wait on each other.
func (s *Store) migrationLocker(ctx context.Context) (lock.SessionLocker, error) {
	var schema sql.NullString
	if err := s.wdb.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, kefu.Internal(fmt.Errorf("migrations: current schema: %w", err))
	}
	if !schema.Valid {
		// PostgreSQL creates tables in the first existing schema of the search_path; with none,
		// every CREATE TABLE would fail with a far less helpful message.
		return nil, kefu.Errorf(kefu.CodeInvalid,
			"the database url's search_path names no schema that exists; create it first (CREATE SCHEMA name)")
	}
	h := fnv.New64a()
	h.Write([]byte("kefu-migrate:" + schema.String))
	// Poll every second for up to five minutes: a slow migration on another node finishes first.
	return lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
}

// Migrate applies the embedded migrations that are not applied yet. It is idempotent.
func (s *Store) Migrate(ctx context.Context) error {
	return s.migrate(ctx, "migrate", (*goose.Provider).Up)
}

// MigrateTo applies the embedded migrations up to and including version, and no further. Upgrade
// tests use it to build a database as an older kefu left it.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	return s.migrate(ctx, fmt.Sprintf("migrate to %d", version), func(p *goose.Provider, ctx context.Context) ([]*goose.MigrationResult, error) {
		return p.UpTo(ctx, version)
	})
}

// migrate runs up on the store's provider, logs what it applied and checks the writer's
// connection afterwards; what names the step in errors.
func (s *Store) migrate(ctx context.Context, what string, up func(*goose.Provider, context.Context) ([]*goose.MigrationResult, error)) error {
	p, err := s.provider(ctx)
	if err != nil {
		return err
	}
	results, err := up(p, ctx)
	if err != nil {
		s.recoverWriterConn(ctx)
		return kefu.Internal(fmt.Errorf("%s: %w", what, err))
	}
	for _, r := range results {
		s.log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration_ms", r.Duration.Milliseconds())
	}
	return s.afterMigrations(ctx)
}

// afterMigrations checks the writer connection and drops what the writer remembers of rows: the
// migrations ran on its connection, where PRAGMA data_version cannot tell their changes apart
// from the writer's own, and an op that declares no conversation drops the writer's cache.
func (s *Store) afterMigrations(ctx context.Context) error {
	if err := s.checkForeignKeys(ctx); err != nil {
		return err
	}
	return s.write(ctx, func(*Tx) error { return nil })
}

// recoverWriterConn undoes what a SQLite migration that failed half-way may have left on the
// writer's connection: a transaction of its own still open (holding the write lock) and foreign
// keys off. Best effort: the caller reports the migration's error.
func (s *Store) recoverWriterConn(ctx context.Context) {
	if s.d.name != DialectSQLite {
		return
	}
	_, _ = s.wdb.ExecContext(ctx, `ROLLBACK`) // "no transaction is active" is fine
	_, _ = s.wdb.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
}

// checkForeignKeys makes sure SQLite's writer connection still enforces foreign keys: a
// migration that rebuilds a table turns them off on that connection for its duration.
func (s *Store) checkForeignKeys(ctx context.Context) error {
	if s.d.name != DialectSQLite {
		return nil
	}
	var on int
	if err := s.wdb.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil {
		return kefu.Internal(fmt.Errorf("check foreign keys: %w", err))
	}
	if on != 1 {
		return kefu.Internal(errors.New("a migration left foreign keys off on the writer connection"))
	}
	return nil
}

// MigrationsPending reports whether embedded migrations remain to be applied, for readiness checks.
func (s *Store) MigrationsPending(ctx context.Context) (bool, error) {
	p, err := s.provider(ctx)
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, kefu.Internal(fmt.Errorf("migrations pending: %w", err))
	}
	return pending, nil
}
