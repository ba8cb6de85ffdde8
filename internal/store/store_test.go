package store_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.Store { return storetest.OpenSQLite(t) })
}

// TestSQLitePlainVFS runs the suite on SQLite's default VFS, which Options.PlainVFS selects in
// place of walvfs: both must keep every guarantee.
func TestSQLitePlainVFS(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.Store {
		return storetest.OpenSQLiteWith(t, store.Options{PlainVFS: true})
	})
}

func TestPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	storetest.Run(t, func(t *testing.T) *store.Store { return storetest.OpenPostgres(t) })
}

func TestUpgradeSQLite(t *testing.T) {
	storetest.RunUpgrade(t, func(t *testing.T, version int64) *store.Store { return storetest.OpenSQLiteAt(t, version) }, (*store.Store).ExecRaw)
}

func TestUpgradePostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	storetest.RunUpgrade(t, func(t *testing.T, version int64) *store.Store { return storetest.OpenPostgresAt(t, version) }, (*store.Store).ExecRaw)
}

func TestSharedSQLite(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (*store.Store, *store.Store) { return storetest.OpenSQLitePair(t) })
}

func TestSharedPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	storetest.RunShared(t, func(t *testing.T) (*store.Store, *store.Store) { return storetest.OpenPostgresPair(t) })
}

// A search_path naming no existing schema is a configuration mistake the operator must see
// as such, not as an internal error about a NULL column.
func TestPostgresMissingSchema(t *testing.T) {
	base := os.Getenv(storetest.PostgresEnv)
	if base == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "kefu_no_such_schema")
	u.RawQuery = q.Encode()
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{URL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Start(t, s)
	err = s.Migrate(ctx)
	if kefu.ErrorCode(err) != kefu.CodeInvalid || !strings.Contains(err.Error(), "search_path") {
		t.Fatalf("Migrate with a missing schema: got %v, want invalid naming the search_path", err)
	}
}

func TestFaultsSQLite(t *testing.T) {
	storetest.RunFaults(t, func(t *testing.T) *store.Store { return storetest.OpenSQLite(t) },
		func(s *store.Store) { s.FailNextEventSave() })
}

func TestFaultsPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	storetest.RunFaults(t, func(t *testing.T) *store.Store { return storetest.OpenPostgres(t) },
		func(s *store.Store) { s.FailNextEventSave() })
}
