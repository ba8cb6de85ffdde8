package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// eachDatabase runs test against a fresh SQLite file and a fresh PostgreSQL schema (skipped
// when KEFU_TEST_POSTGRES_URL is unset), for tests that need Options the storetest suites do
// not set.
func eachDatabase(t *testing.T, test func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, filepath.Join(t.TempDir(), "kefu.db")) })
	t.Run("postgres", func(t *testing.T) { test(t, storetest.FreshPostgresURL(t)) })
}

// openWith opens a store at url with opts and migrates it; it is closed when the test ends.
func openWith(t *testing.T, url string, opts store.Options) *store.Store {
	t.Helper()
	ctx := context.Background()
	opts.URL = url
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Start(t, s)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
