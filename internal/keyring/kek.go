package keyring

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
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

// KEKFile is the name of the generated key-encryption key inside the data directory.
const KEKFile = "master.key"

// KEKEnv is the environment variable that carries the key-encryption key; it wins over the file.
const KEKEnv = "KEFU_MASTER_KEY"

// kekLen is the key-encryption key's length: AES-256.
const kekLen = 32

// KEK is a key-encryption key: it wraps the data keys and never touches a value itself.
type KEK struct {
	key    []byte
	source string // where it came from, for error messages: the file's path or KEKEnv
}

// ID is the key's fingerprint, stored beside every data key it wraps, so a wrong key is named
// as such at start instead of failing as "message authentication failed" later.
func (k KEK) ID() string {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte("kefu kek id"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// Source says where the key came from: a file path or KEKEnv.
func (k KEK) Source() string { return k.source }

// ParseKEK decodes a key-encryption key written as base64 (standard or URL alphabet, padded or
// not) of exactly 32 bytes; source names where it came from.
func ParseKEK(text, source string) (KEK, error) {
	text = strings.TrimSpace(text)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil && len(b) == kekLen {
			return KEK{key: b, source: source}, nil
		}
	}
	return KEK{}, fmt.Errorf("%s must be %d random bytes in base64 (e.g. the output of: openssl rand -base64 32)", source, kekLen)
}

// NewKEK returns a fresh random key-encryption key.
func NewKEK(source string) KEK {
	b := make([]byte, kekLen)
	rand.Read(b)
	return KEK{key: b, source: source}
}

// Encoded is the key as base64, the form KEKEnv and the key file hold.
func (k KEK) Encoded() string { return base64.StdEncoding.EncodeToString(k.key) }

// KEKSource says where to look for the key-encryption key: Configured (the value of
// KEFU_MASTER_KEY, which wins) or <DataDir>/master.key.
type KEKSource struct {
	DataDir    string
	Configured string
}

// filePath is the key file inside the data directory.
func (s KEKSource) filePath() string { return filepath.Join(s.DataDir, KEKFile) }

// read returns the configured key, else the key file's; a missing file is fs.ErrNotExist.
func (s KEKSource) read() (KEK, error) {
	if s.Configured != "" {
		return ParseKEK(s.Configured, KEKEnv)
	}
	if s.DataDir == "" {
		return KEK{}, errors.New("keyring: no data directory to keep the master key in")
	}
	return readKEKFile(s.filePath())
}

// readKEKFile reads a key file, refusing one that others may read or write.
func readKEKFile(path string) (KEK, error) {
	f, err := os.Open(path)
	if err != nil {
		return KEK{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return KEK{}, err
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return KEK{}, fmt.Errorf("master key file %s has mode %04o and is accessible to group or others; run: chmod 600 %s", path, info.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return KEK{}, err
	}
	return ParseKEK(string(b), path)
}

// createKEKFile creates the key file with a new random key, unless another process created it
// first, whose key it then returns: the file is linked into place, which never replaces one, so
// two first starts cannot each seal data under a key the other then overwrites.
func createKEKFile(path string) (KEK, error) {
	tmp, err := writeTempKEK(filepath.Dir(path), NewKEK(path))
	if err != nil {
		return KEK{}, err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		err = os.Rename(tmp, path) // a filesystem without hard links
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return KEK{}, fmt.Errorf("install master key: %w", err)
	}
	if err := keyfile.SyncDir(filepath.Dir(path)); err != nil {
		return KEK{}, err
	}
	return readKEKFile(path)
}

// writeTempKEK writes k into a new synced temporary file in dir and returns its path.
func writeTempKEK(dir string, k KEK) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".master.key-*")
	if err != nil {
		return "", fmt.Errorf("write master key: %w", err)
	}
	if err := keyfile.WriteSynced(tmp, k.Encoded()+"\n"); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write master key: %w", err)
	}
	return tmp.Name(), nil
}

// writeKEKFile writes k to path with mode 0600 through a synced temp file renamed into place,
// so a crash leaves either the old file or the new one, never half of one.
func writeKEKFile(path string, k KEK) error {
	dir := filepath.Dir(path)
	tmp, err := writeTempKEK(dir, k)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("install master key: %w", err)
	}
	return keyfile.SyncDir(dir)
}

// isNotExist reports a missing key file.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
