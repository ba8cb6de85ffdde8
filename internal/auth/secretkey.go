package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kefu-dev/kefu/internal/keyfile"
)

// MinSecretKeyLen is the shortest secret key accepted, in characters.
const MinSecretKeyLen = 32

// SecretKeyFile is the name of the generated secret key inside the data directory.
const SecretKeyFile = "secret.key"

// LoadOrCreateSecretKey returns the server's master secret. A configured key (KEFU_SECRET_KEY)
// wins and must be at least MinSecretKeyLen characters. Otherwise <dataDir>/secret.key is read,
// or created with 32 random bytes, hex-encoded, mode 0600. There is never a built-in default:
// a key shared by every installation would let anyone forge visitor tokens.
//
// The file's text is the key exactly as a configured value would be, so copying the file's
// contents into KEFU_SECRET_KEY keeps every derived key (and every issued token) valid.
func LoadOrCreateSecretKey(dataDir, configured string) ([]byte, error) {
	if configured != "" {
		if len(configured) < MinSecretKeyLen {
			return nil, fmt.Errorf("secret_key is %d characters; it must be at least %d (or leave it empty to generate one)", len(configured), MinSecretKeyLen)
		}
		return []byte(configured), nil
	}
	if dataDir == "" {
		return nil, errors.New("auth: no data directory to keep the secret key in")
	}
	path := filepath.Join(dataDir, SecretKeyFile)
	key, err := readSecretKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := createSecretKeyFile(dataDir, path); err != nil {
			return nil, err
		}
		return readSecretKeyFile(path)
	}
	return key, err
}

// readSecretKeyFile reads a key file, refusing one that others may read or write.
func readSecretKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secret key file %s has mode %04o and is accessible to group or others; run: chmod 600 %s", path, info.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(string(b))
	if len(key) < MinSecretKeyLen {
		return nil, fmt.Errorf("secret key file %s holds %d characters; it must hold at least %d", path, len(key), MinSecretKeyLen)
	}
	return []byte(key), nil
}

// createSecretKeyFile writes a new random key atomically: a temp file is written and synced,
// then hard-linked into place, which fails if another process won the race (we then use its key
// instead of silently replacing it). Filesystems without hard links fall back to rename.
func createSecretKeyFile(dataDir, path string) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	tmp, err := os.CreateTemp(dataDir, ".secret.key-*")
	if err != nil {
		return fmt.Errorf("create secret key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := keyfile.WriteSynced(tmp, hex.EncodeToString(raw)+"\n"); err != nil {
		return fmt.Errorf("write secret key: %w", err)
	}
	err = os.Link(tmp.Name(), path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("install secret key: %w", err)
	}
	return keyfile.SyncDir(dataDir)
}

// DeriveKey returns HMAC-SHA256(master, purpose): an independent key per use, so a key
// compromised or misused in one place (say, visitor tokens) says nothing about another.
func DeriveKey(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
