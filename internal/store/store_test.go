package store_test

import (
	"os"
	"testing"

	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.Store { return storetest.OpenSQLite(t) })
}

func TestPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	storetest.Run(t, func(t *testing.T) *store.Store { return storetest.OpenPostgres(t) })
}
