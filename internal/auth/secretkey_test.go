package auth

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestLoadOrCreateSecretKeyConfigured(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("k", 32)
	got, err := LoadOrCreateSecretKey(dir, long)
	if err != nil || string(got) != long {
		t.Fatalf("got %q, %v, want the configured key", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, SecretKeyFile)); !os.IsNotExist(err) {
		t.Fatalf("got stat error %v, want no key file written when a key is configured", err)
	}
	if _, err := LoadOrCreateSecretKey(dir, long[:31]); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Fatalf("got %v, want an error about the minimum length", err)
	}
}

func TestLoadOrCreateSecretKeyCreatesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	key, err := LoadOrCreateSecretKey(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).Match(key) {
		t.Fatalf("got key %q, want 64 hex characters", key)
	}
	path := filepath.Join(dir, SecretKeyFile)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("got mode %04o, want 0600", info.Mode().Perm())
	}
	again, err := LoadOrCreateSecretKey(dir, "")
	if err != nil || !bytes.Equal(again, key) {
		t.Fatalf("got %q, %v on reload, want the same key %q", again, err, key)
	}
	same, err := LoadOrCreateSecretKey(t.TempDir(), string(key))
	if err != nil || !bytes.Equal(same, key) {
		t.Fatalf("got %q, %v, want the file's key to work as a configured key", same, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("got %d entries in the data dir, want only %s (no temp files left)", len(entries), SecretKeyFile)
	}
}

func TestLoadOrCreateSecretKeyRefusesBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		want    string
	}{
		{"group readable", strings.Repeat("a", 64), 0o640, "chmod 600"},
		{"world readable", strings.Repeat("a", 64), 0o604, "chmod 600"},
		{"too short", "abc\n", 0o600, "at least 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, SecretKeyFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			_, err := LoadOrCreateSecretKey(dir, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestDeriveKey(t *testing.T) {
	master := []byte(strings.Repeat("m", 32))
	a, b := DeriveKey(master, "visitor-token"), DeriveKey(master, "webhook")
	if len(a) != 32 || bytes.Equal(a, b) {
		t.Fatalf("got %x and %x, want two different 32-byte keys", a, b)
	}
	if !bytes.Equal(a, DeriveKey(master, "visitor-token")) {
		t.Fatal("got a different key for the same purpose, want deterministic derivation")
	}
	if bytes.Equal(a, DeriveKey([]byte(strings.Repeat("n", 32)), "visitor-token")) {
		t.Fatal("got the same key from different masters")
	}
}
