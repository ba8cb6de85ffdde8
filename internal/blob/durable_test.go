package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// recordingOps performs every call on the real file system and records it, relative to root,
// with the random part of temporary names replaced by '*'.
type recordingOps struct {
	osOps
	root     string
	calls    []string
	failSync bool // every SyncDir fails
}

func (r *recordingOps) Mkdir(dir string) error {
	r.record("mkdir", dir)
	return r.osOps.Mkdir(dir)
}

func (r *recordingOps) SyncFile(f *os.File) error {
	r.record("syncfile", f.Name())
	return r.osOps.SyncFile(f)
}

func (r *recordingOps) Rename(from, to string) error {
	r.record("rename", from, to)
	return r.osOps.Rename(from, to)
}

func (r *recordingOps) SyncDir(dir string) error {
	r.record("syncdir", dir)
	if r.failSync {
		return errors.New("injected sync failure")
	}
	return r.osOps.SyncDir(dir)
}

func (r *recordingOps) record(op string, paths ...string) {
	call := op
	for _, p := range paths {
		rel, err := filepath.Rel(r.root, p)
		if err != nil {
			rel = p
		}
		if i := strings.Index(rel, ".upload-"); i >= 0 {
			rel = rel[:i] + ".upload-*"
		}
		call += " " + filepath.ToSlash(rel)
	}
	r.calls = append(r.calls, call)
}

// TestPutSyncsBeforeAcknowledging checks the order of a put's file system calls: the file is
// synced before the rename publishes it, the fan-out directory after the rename, and the root
// after a new fan-out directory is made in it, all before Put returns.
func TestPutSyncsBeforeAcknowledging(t *testing.T) {
	for _, fanOutExists := range []bool{false, true} {
		t.Run(fmt.Sprintf("fan-out directory exists=%v", fanOutExists), func(t *testing.T) {
			root := t.TempDir()
			if fanOutExists {
				mustMakeFanOut(t, root)
			}
			ops := &recordingOps{root: root}
			d := &Disk{dir: root, ops: ops}
			obj, err := d.Put(context.Background(), strings.NewReader("hello"), 1024)
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			sub := obj.Key[:2]
			want := []string{
				"syncfile " + sub + "/.upload-*",
				"rename " + sub + "/.upload-* " + sub + "/" + obj.Key,
				"syncdir " + sub,
			}
			if !fanOutExists {
				want = append([]string{"mkdir " + sub, "syncdir ."}, want...)
			}
			if !slices.Equal(ops.calls, want) {
				t.Errorf("Put made the calls\n  %s\nwant\n  %s", strings.Join(ops.calls, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// mustMakeFanOut makes every fan-out directory, so that the next put makes none.
func mustMakeFanOut(t *testing.T, root string) {
	t.Helper()
	for i := range 256 {
		if err := os.Mkdir(filepath.Join(root, fmt.Sprintf("%02x", i)), 0o700); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPutFailsWhenTheDirectoryCannotBeSynced: an upload whose new name may not survive a crash
// is not acknowledged.
func TestPutFailsWhenTheDirectoryCannotBeSynced(t *testing.T) {
	root := t.TempDir()
	mustMakeFanOut(t, root)
	d := &Disk{dir: root, ops: &recordingOps{root: root, failSync: true}}
	if obj, err := d.Put(context.Background(), bytes.NewReader([]byte("x")), 10); err == nil {
		t.Fatalf("Put with a failing directory sync: got %+v and no error, want an error", obj)
	}
}

// TestNewDiskSyncsTheDirectoriesItMakes: every directory NewDisk creates is made durable in its
// parent.
func TestNewDiskSyncsTheDirectoriesItMakes(t *testing.T) {
	root := t.TempDir()
	ops := &recordingOps{root: root}
	if _, err := newDisk(filepath.Join(root, "data", "files"), ops); err != nil {
		t.Fatalf("newDisk: %v", err)
	}
	want := []string{"mkdir data", "syncdir .", "mkdir data/files", "syncdir data"}
	if !slices.Equal(ops.calls, want) {
		t.Errorf("newDisk made the calls\n  %s\nwant\n  %s", strings.Join(ops.calls, "\n  "), strings.Join(want, "\n  "))
	}
}
