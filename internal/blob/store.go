package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Store keeps blobs by key.
type Store interface {
	// Put writes at most limit bytes from r under a new random key. It fails with ErrTooLarge
	// when r has more, leaving nothing behind.
	Put(ctx context.Context, r io.Reader, limit int64) (Object, error)
	// Open returns the blob's content.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Delete removes the blob; a missing one is not an error.
	Delete(ctx context.Context, key string) error
}

// Object describes a stored blob.
type Object struct {
	Key    string
	Size   int64
	SHA256 string
	Head   []byte // the first bytes, for content sniffing
}

// ErrTooLarge is returned by Put when the input exceeds its limit.
var ErrTooLarge = errors.New("blob: too large")

// ErrNotFound is returned by Open for an unknown key.
var ErrNotFound = errors.New("blob: not found")

// sniffLen is how much http.DetectContentType looks at.
const sniffLen = 512

// Disk is a Store in a directory, fanned out by key prefix so no directory grows huge.
type Disk struct {
	dir string
	ops fileOps
}

// NewDisk returns a Store rooted at dir, creating it (mode 0700: attachments are private).
func NewDisk(dir string) (*Disk, error) { return newDisk(dir, osOps{}) }

func newDisk(dir string, ops fileOps) (*Disk, error) {
	d := &Disk{dir: dir, ops: ops}
	if err := d.mkdirAll(dir); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", dir, err)
	}
	if err := restrictTree(dir); err != nil {
		return nil, err
	}
	return d, nil
}

// NewKey returns a random key of 128 bits as hex.
func NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// ValidKey reports whether key has the shape NewKey produces, so a path built from it cannot
// escape the directory.
func ValidKey(key string) bool {
	if len(key) != 32 {
		return false
	}
	_, err := hex.DecodeString(key)
	return err == nil && strings.ToLower(key) == key
}

func (d *Disk) path(key string) string { return filepath.Join(d.dir, key[:2], key) }

// Put implements Store. The file is written to a temporary name, synced and renamed, so a
// crash never leaves a half-written blob under a real key; then its directory is synced, so a
// crash after Put returns cannot lose the new name (a rename is durable only then).
func (d *Disk) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	key := NewKey()
	dir := filepath.Dir(d.path(key))
	if err := d.mkdirAll(dir); err != nil {
		return Object{}, err
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return Object{}, err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	obj, err := d.writeSynced(tmp, r, limit)
	if err != nil {
		return Object{}, err
	}
	if err := d.ops.Rename(tmp.Name(), d.path(key)); err != nil {
		return Object{}, err
	}
	if err := d.ops.SyncDir(dir); err != nil {
		return Object{}, err
	}
	obj.Key = key
	return obj, nil
}

// writeSynced copies r into f, flushes f to disk and closes it.
func (d *Disk) writeSynced(f *os.File, r io.Reader, limit int64) (Object, error) {
	obj, err := copyHashed(f, r, limit)
	if err == nil {
		err = d.ops.SyncFile(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return obj, err
}

// mkdirAll creates dir and its missing parents, as os.MkdirAll does, and syncs the parent of
// each directory it makes: a new directory's name is durable only then, and every blob under it
// would be lost with it.
func (d *Disk) mkdirAll(dir string) error {
	if info, err := os.Stat(dir); err == nil {
		if !info.IsDir() {
			return fmt.Errorf("blob: %s is not a directory", dir)
		}
		return nil
	}
	parent := filepath.Dir(dir)
	if parent != dir {
		if err := d.mkdirAll(parent); err != nil {
			return err
		}
	}
	// Another Put may have made it meanwhile, and not have synced its parent yet: sync anyway.
	if err := d.ops.Mkdir(dir); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return d.ops.SyncDir(parent)
}

// copyHashed copies r to w up to limit bytes, hashing and keeping the head for sniffing.
func copyHashed(w io.Writer, r io.Reader, limit int64) (Object, error) {
	h := sha256.New()
	head := &headWriter{max: sniffLen}
	n, err := io.Copy(io.MultiWriter(w, h, head), io.LimitReader(r, limit+1))
	if err != nil {
		return Object{}, err
	}
	if n > limit {
		return Object{}, ErrTooLarge
	}
	return Object{Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), Head: head.buf}, nil
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	buf []byte
	max int
}

func (h *headWriter) Write(p []byte) (int, error) {
	if room := h.max - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// Open implements Store.
func (d *Disk) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	f, err := os.Open(d.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete implements Store.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return nil
	}
	err := os.Remove(d.path(key))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
