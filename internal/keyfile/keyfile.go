// Package keyfile writes the key files kefu keeps in its data directory (the server secret and
// the master key) so that a crash cannot lose one after something was signed or sealed with it:
// mode 0600 whatever the umask, contents flushed, and the directory entry synced.
package keyfile

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// WriteSynced writes s to f with mode 0600, flushes it to disk and closes f.
func WriteSynced(f *os.File, s string) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(s)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// SyncDir makes a new directory entry durable. Windows cannot sync a directory; there the
// rename itself is what it is.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("sync data directory: %w", err)
	}
	return nil
}
