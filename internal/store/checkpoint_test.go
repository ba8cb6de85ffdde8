package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// Committed pages reach the database file shortly after the writes stop, long before the WAL
// would reach the writer's own checkpoint threshold: the checkpointer runs beside the writer.
func TestSQLiteCheckpointsBesideTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kefu.db")
	s := storetest.OpenSQLiteFile(t, path)
	ctx := context.Background()
	for i := range 100 {
		org := &kefu.Org{Name: fmt.Sprintf("org %d", i), Settings: kefu.DefaultOrgSettings()}
		owner := &kefu.Agent{Email: fmt.Sprintf("owner%d@example.com", i), Name: "Owner", Role: kefu.RoleOwner, Capacity: 1}
		if err := s.CreateOrgWithOwner(ctx, org, owner); err != nil {
			t.Fatal(err)
		}
	}
	probe, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	var pages, pageSize int64
	if err := probe.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if err := probe.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	want := pages * pageSize
	var size int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if size = fi.Size(); size >= want {
			return
		}
	}
	t.Fatalf("database file is %d bytes 10 s after the last write, want the %d of the committed database", size, want)
}
