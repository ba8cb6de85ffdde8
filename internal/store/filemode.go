package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// sqliteFileMode is the mode of the database and its -wal and -shm files: they hold every
// message and contact, readable by the user running kefu alone.
const sqliteFileMode = 0o600

// sqliteCompanions are the files SQLite keeps next to the database in WAL mode.
var sqliteCompanions = []string{"", "-wal", "-shm", "-journal"}

// privateSQLiteFiles makes the database file exist with mode 0600 before SQLite opens it, and
// tightens the files an older kefu left more open. SQLite creates a new database 0644 (less the
// umask), and gives the -wal and -shm files it creates later the database file's own mode, so
// a database created here keeps all three private whatever the umask.
func privateSQLiteFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, sqliteFileMode)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return fmt.Errorf("create database file: %w", err)
		}
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("create database file: %w", err)
	}
	for _, suffix := range sqliteCompanions {
		if err := restrictFile(path + suffix); err != nil {
			return err
		}
	}
	return nil
}

// restrictFile sets a file group or others can access to sqliteFileMode; a missing or already
// private file is left alone (it may belong to the user and be opened by another, like root
// running the CLI, who need not own it).
func restrictFile(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode().Perm()&0o077 == 0) {
		return nil
	}
	if err == nil {
		err = os.Chmod(path, sqliteFileMode)
	}
	if err != nil {
		return fmt.Errorf("restrict %s: %w", path, err)
	}
	return nil
}

// isPlainPath reports whether a SQLite URL is a file name, not a "file:" URI or an in-memory
// database, whose files (if any) SQLite names itself.
func isPlainPath(path string) bool {
	return !strings.HasPrefix(path, "file:") && !strings.HasPrefix(path, ":memory:")
}
