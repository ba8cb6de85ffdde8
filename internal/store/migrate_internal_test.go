package store

import (
	"context"
	"path/filepath"
	"testing"
)

// goose records a NO TRANSACTION migration only after it ran, so a crash in between runs it
// again on the next start: migration 3 must survive that, and leave foreign keys on.
func TestMigrationThreeRunsTwice(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{URL: filepath.Join(t.TempDir(), "kefu.db")})
	if err != nil {
		t.Fatal(err)
	}
	go s.Run(ctx) // the writer; Close stops it
	defer s.Close()
	// Up to 3 only, as a kefu of that version left it: goose refuses to fill a gap below a
	// later migration, so the crash is simulated where 3 was the last.
	if err := s.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = 3`); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migration 3 run a second time, then the rest: %v", err)
	}
	var ddl string
	if err := s.wdb.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE name = 'messages'`).Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	if len(ddl) < 13 || ddl[len(ddl)-13:] != "WITHOUT ROWID" {
		t.Errorf("messages after the second run: %s", ddl)
	}
	if err := s.write(ctx, func(*Tx) error { return nil }); err != nil {
		t.Errorf("a write after the second run: %v", err)
	}
}
