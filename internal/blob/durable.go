package blob

import (
	"os"
	"runtime"
)

// fileOps are the file system calls that decide whether an acknowledged upload survives a
// crash: the file's bytes must reach the disk before the rename publishes them, and the
// directory holding the new name must reach it before the upload is acknowledged. Disk uses
// the os package; tests wrap it to record the order of the calls, which no test can see in
// the files a clean run leaves behind.
type fileOps interface {
	Mkdir(dir string) error
	SyncFile(f *os.File) error
	Rename(from, to string) error
	SyncDir(dir string) error
}

// osOps is fileOps on the real file system.
type osOps struct{}

func (osOps) Mkdir(dir string) error       { return os.Mkdir(dir, dirMode) } // attachments are private
func (osOps) SyncFile(f *os.File) error    { return f.Sync() }
func (osOps) Rename(from, to string) error { return os.Rename(from, to) }

// SyncDir flushes a directory's entries. Windows cannot sync a directory handle (NTFS
// journals its metadata), so there the error is not one.
func (osOps) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return err
	}
	return nil
}
