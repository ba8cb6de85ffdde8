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

const openDataDirWarning = "data directory is accessible to group or others"

// TestDataFilesArePrivate boots kefu with no umask at all and checks that everything it keeps
// in the data directory — database, -wal and -shm, secret key, upload directories and blobs —
// ends up readable by its own user alone: in a data directory kefu creates, and in one an
// operator made 0755 holding a database file and an uploads directory an older version left
// open, which is also warned about at start.
func TestDataFilesArePrivate(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0)) // tests run one at a time here: no parallel test sees it
	t.Run("created by kefu", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		logs := runWithUploads(t, dir)
		wantPrivateTree(t, dir)
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("the data directory kefu created: %v, want mode 0700", info.Mode())
		}
		if strings.Contains(logs, openDataDirWarning) {
			t.Errorf("warned about a private data directory:\n%s", logs)
		}
	})
	t.Run("left open by an operator and an older version", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		for _, d := range []string{dir, filepath.Join(dir, "files")} {
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "kefu.db"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		logs := runWithUploads(t, dir)
		wantPrivateTree(t, dir)
		if !strings.Contains(logs, openDataDirWarning) {
			t.Errorf("no warning about the 0755 data directory in the log:\n%s", logs)
		}
	})
}

// runWithUploads runs kefu on dir, uploads a file as a visitor and one as an agent, and returns
// the log.
func runWithUploads(t *testing.T, dir string) string {
	var logs syncBuffer
	cfg := testConfig(t, databases()[0])
	cfg.DataDir = dir
	s := mustRun(t, &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams(),
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	o := s.mustSetupOrg("Modes")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hello")
	s.mustUpload(201, "/api/v1/widget/conversations/"+conv+"/attachments", v.Token, "a.png", pngBytes)
	s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", o.Tokens["agent"], "b.png", pngBytes)
	return logs.String()
}

// wantPrivateTree checks every directory under dir is 0700 and every file 0600, and that the
// database with its -wal and -shm, the secret key and both uploads were among them.
func wantPrivateTree(t *testing.T, dir string) {
	t.Helper()
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
		name := strings.TrimPrefix(path, dir+"/")
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", name, got, want)
		}
		seen[name] = true
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
