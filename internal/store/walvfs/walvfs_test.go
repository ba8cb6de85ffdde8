package walvfs_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/store/walvfs"
	"github.com/kefu-dev/kefu/internal/store/walvfs/walvfstest"
	_ "modernc.org/sqlite"
)

// open opens path through vfs ("" for SQLite's default) in WAL mode with the given synchronous
// setting, on one connection.
func open(t *testing.T, path, vfs, synchronous string) *sql.DB {
	t.Helper()
	q := url.Values{"_pragma": {"journal_mode(WAL)", "synchronous(" + synchronous + ")"}}
	if vfs != "" {
		q.Set("vfs", vfs)
	}
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// writeBatches commits transactions from to from+n-1 (numbers for the keys), each of 50 rows of
// 500 bytes.
func writeBatches(t *testing.T, db *sql.DB, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for j := range 50 {
			if _, err := tx.Exec(`INSERT INTO t (k, v) VALUES (?, ?)`, fmt.Sprintf("%d-%d", i, j), strings.Repeat("x", 500)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGathersFrameWrites commits the same transactions through SQLite's default VFS and through
// walvfs and compares the write system calls each made: SQLite writes a frame header and its
// page separately, so the default VFS makes about two per page, walvfs one per commit (plus the
// checkpoints', which both make).
func TestGathersFrameWrites(t *testing.T) {
	name, err := walvfs.Register()
	if err != nil {
		t.Fatal(err)
	}
	writes := func(vfs string) int64 {
		db := open(t, filepath.Join(t.TempDir(), "db"), vfs, "FULL")
		mustExec(t, db, `CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)`)
		before := walvfstest.WriteSyscalls(t)
		writeBatches(t, db, 0, 20)
		after := walvfstest.WriteSyscalls(t)
		if got := count(t, db); got != 20*50 {
			t.Fatalf("%q: %d rows, want %d", vfs, got, 20*50)
		}
		return after - before
	}
	plain, gathered := writes(""), writes(name)
	t.Logf("write system calls for 20 commits: default VFS %d, walvfs %d", plain, gathered)
	if gathered*3 > plain {
		t.Fatalf("walvfs made %d write calls against the default VFS's %d; want under a third", gathered, plain)
	}
}

// TestOtherConnectionsSeeEveryCommit reads each commit from a second connection right after it,
// under FULL (the commit's sync writes the buffer) and NORMAL (no sync: the barrier before the
// wal-index header is published must write it), and again after closing and reopening.
func TestOtherConnectionsSeeEveryCommit(t *testing.T) {
	name, err := walvfs.Register()
	if err != nil {
		t.Fatal(err)
	}
	for _, sync := range []string{"FULL", "NORMAL"} {
		t.Run(sync, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "db")
			w := open(t, path, name, sync)
			mustExec(t, w, `CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)`)
			r := open(t, path, name, sync)
			for i := range 30 {
				writeBatches(t, w, i, 1)
				if got, want := count(t, r), (i+1)*50; got != want {
					t.Fatalf("after commit %d the reader sees %d rows, want %d", i+1, got, want)
				}
			}
			mustExec(t, w, `PRAGMA wal_checkpoint(TRUNCATE)`)
			writeBatches(t, w, 30, 1)
			var check string
			if err := r.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
				t.Fatalf("integrity_check: %q, %v", check, err)
			}
			w.Close()
			r.Close()
			again := open(t, path, name, sync)
			if got := count(t, again); got != 31*50 {
				t.Fatalf("after reopening: %d rows, want %d", got, 31*50)
			}
		})
	}
}

// TestLargeTransaction commits one transaction larger than the buffer and than one write of the
// default VFS, so it reaches the file in several pieces, and reads it back.
func TestLargeTransaction(t *testing.T) {
	name, err := walvfs.Register()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "db")
	w := open(t, path, name, "FULL")
	mustExec(t, w, `CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)`)
	mustExec(t, w, `INSERT INTO t (k, v) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 6000)
		SELECT 'k' || i, printf('%.500c', 'x') FROM n`)
	r := open(t, path, name, "FULL")
	if got := count(t, r); got != 6000 {
		t.Fatalf("the reader sees %d rows, want 6000", got)
	}
	var check string
	if err := r.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
}
