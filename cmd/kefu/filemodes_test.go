package main

import (
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
)

// TestDataFilesArePrivate boots kefu with no umask at all in a data directory an operator made
// 0755, holding a database file and an uploads directory an older version left open, and
// checks that everything kefu keeps there ends up readable by its own user alone — database,
// -wal and -shm, secret key, upload directories and blobs — and that the open data directory
// is warned about at start.
func TestDataFilesArePrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0)) // tests run one at a time here: no parallel test sees it
	dir := filepath.Join(t.TempDir(), "data")
	for _, d := range []string{dir, filepath.Join(dir, "files")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "kefu.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cfg := testConfig(t, databases()[0])
	cfg.DataDir = dir
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams(),
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	s := mustRun(t, m)
	o := s.mustSetupOrg("Modes")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hello")
	s.mustUpload(201, "/api/v1/widget/conversations/"+conv+"/attachments", v.Token, "a.png", pngBytes)
	s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", o.Tokens["agent"], "b.png", pngBytes)

	if !strings.Contains(logs.String(), "data directory is accessible to group or others") {
		t.Errorf("no warning about the 0755 data directory in the log:\n%s", logs.String())
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", strings.TrimPrefix(path, dir), got, want)
		}
		seen[strings.TrimPrefix(path, dir+"/")] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	blobs := 0
	for name := range seen {
		if strings.HasPrefix(name, "files/") && strings.Count(name, "/") == 2 {
			blobs++
		}
	}
	for _, name := range []string{"kefu.db", "kefu.db-wal", "kefu.db-shm", "secret.key"} {
		if !seen[name] {
			t.Errorf("%s was not checked: it does not exist (saw %v)", name, seen)
		}
	}
	if blobs != 2 {
		t.Errorf("checked %d uploaded blobs, want the 2 uploads (saw %v)", blobs, seen)
	}
}
