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
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, sqliteFileMode)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	for _, suffix := range sqliteCompanions {
		if err := os.Chmod(path+suffix, sqliteFileMode); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restrict %s: %w", path+suffix, err)
		}
	}
	return nil
}

// isPlainPath reports whether a SQLite URL is a file name, not a "file:" URI or an in-memory
// database, whose files (if any) SQLite names itself.
func isPlainPath(path string) bool {
	return !strings.HasPrefix(path, "file:") && !strings.HasPrefix(path, ":memory:")
}
