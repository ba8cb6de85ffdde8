package store

import (
	"context"
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
	var schema string
	if err := s.wdb.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return nil, kefu.Internal(fmt.Errorf("migrations: current schema: %w", err))
	}
	h := fnv.New64a()
	h.Write([]byte("kefu-migrate:" + schema))
	// Poll every second for up to five minutes: a slow migration on another node finishes first.
	return lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
}

// Migrate applies the embedded migrations that are not applied yet. It is idempotent.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.provider(ctx)
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return kefu.Internal(fmt.Errorf("migrate: %w", err))
	}
	for _, r := range results {
		s.log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration_ms", r.Duration.Milliseconds())
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
