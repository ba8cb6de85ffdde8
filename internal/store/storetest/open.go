// Package storetest is the conformance suite every store backend must pass, plus helpers that
// open a migrated store for other packages' tests.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop test schemas

	"github.com/kefu-dev/kefu/internal/keyring"
	"github.com/kefu-dev/kefu/internal/store"
)

// PostgresEnv names the environment variable with the PostgreSQL URL tests run against.
const PostgresEnv = "KEFU_TEST_POSTGRES_URL"

// OpenSQLite opens a migrated store on a fresh SQLite file in a temporary directory. It is
// closed when the test ends.
func OpenSQLite(t testing.TB) *store.Store {
	t.Helper()
	return openMigrated(t, filepath.Join(t.TempDir(), "kefu.db"))
}

// OpenSQLiteWith is OpenSQLite with opts, whose URL it sets to the fresh file: PlainVFS, say,
// runs a suite without walvfs.
func OpenSQLiteWith(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	opts.URL = filepath.Join(t.TempDir(), "kefu.db")
	return openOptsAt(t, opts, 0)
}

// OpenPostgres opens a migrated store in a fresh schema of the database named by
// KEFU_TEST_POSTGRES_URL, and drops the schema when the test ends. It skips the test when the
// variable is unset.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	return openMigrated(t, FreshPostgresURL(t))
}

// OpenPostgresWith is OpenPostgres with opts (a clock, say), whose URL it sets to the fresh
// schema.
func OpenPostgresWith(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	opts.URL = FreshPostgresURL(t)
	return openOptsAt(t, opts, 0)
}

// FreshPostgresURL creates an empty schema in the database named by KEFU_TEST_POSTGRES_URL and
// returns a URL whose connections use it, so parallel tests never share tables. The schema is
// dropped when the test ends; the test is skipped when the variable is unset.
func FreshPostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip(PostgresEnv + " is not set")
	}
	schema := "kefu_test_" + randomHex(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, base, schema)
}

// withSearchPath adds search_path as a runtime parameter, which pgx sends on connect.
func withSearchPath(t testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random: %v", err)
	}
	return hex.EncodeToString(b)
}

// OpenSQLiteAt opens a store on a fresh SQLite file migrated only up to version, as an older
// kefu left it, for upgrade tests. It is closed when the test ends.
func OpenSQLiteAt(t testing.TB, version int64) *store.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "kefu.db"), version)
}

// OpenPostgresAt is OpenSQLiteAt in a fresh PostgreSQL schema (see OpenPostgres).
func OpenPostgresAt(t testing.TB, version int64) *store.Store {
	t.Helper()
	return openAt(t, FreshPostgresURL(t), version)
}

// openMigrated opens the store, migrates it and registers Close. Cleanups run last-in first-out,
// so the store closes before a PostgreSQL schema is dropped.
func openMigrated(t testing.TB, u string) *store.Store {
	t.Helper()
	return openAt(t, u, 0)
}

// openAt opens the store at u and migrates it up to version, or all the way for 0.
func openAt(t testing.TB, u string, version int64) *store.Store {
	t.Helper()
	return openOptsAt(t, store.Options{URL: u}, version)
}

// openOptsAt is openAt with the store's options.
func openOptsAt(t testing.TB, opts store.Options, version int64) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	Start(t, s)
	migrate := s.Migrate
	if version > 0 {
		migrate = func(ctx context.Context) error { return s.MigrateTo(ctx, version) }
	}
	if err := migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if version == 0 {
		UseKeyring(t, s)
	}
	return s
}

// TestKEK is the key-encryption key of the stores tests open: fixed, so a second store on the
// same database (OpenSQLitePair) unwraps the same data keys. Never use it outside tests.
const TestKEK = "a2VmdS10ZXN0LWtleS1lbmNyeXB0aW9uLWtleS0zMmI="

// UseKeyring loads a keyring under TestKEK over s's data keys (creating the first one) and
// makes s seal with it, as the server does at start.
func UseKeyring(t testing.TB, s *store.Store) *keyring.Keyring {
	t.Helper()
	k, err := keyring.Open(context.Background(), s, keyring.KEKSource{Configured: TestKEK})
	if err != nil {
		t.Fatalf("open keyring: %v", err)
	}
	s.SetSealer(k)
	return k
}

// OpenSQLitePair opens two migrated stores on one fresh SQLite file, as the server and a CLI
// command would. Both are closed when the test ends.
func OpenSQLitePair(t testing.TB) (*store.Store, *store.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kefu.db")
	return openMigrated(t, path), openMigrated(t, path)
}

// OpenPostgresPair opens two migrated stores on one fresh PostgreSQL schema, as two nodes would.
func OpenPostgresPair(t testing.TB) (*store.Store, *store.Store) {
	t.Helper()
	u := FreshPostgresURL(t)
	return openMigrated(t, u), openMigrated(t, u)
}

// Start runs s's writer until the test ends, then closes s: the server runs the writer under
// its errgroup, a test beside it.
func Start(t testing.TB, s *store.Store) {
	t.Helper()
	ran := make(chan error, 1)
	go func() { ran <- s.Run(context.Background()) }()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
		if err := <-ran; err != nil {
			t.Errorf("store writer: %v", err)
		}
	})
}
