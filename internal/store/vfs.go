package store

import (
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/walvfs"
)

// sqliteVFS names the VFS SQLite is opened through: walvfs (the default VFS with a WAL's writes
// gathered into one system call per commit), or with plain (Options.PlainVFS) "", modernc's
// default VFS. The plain choice is logged, so an operator who turned walvfs off sees it took.
func (s *Store) sqliteVFS(plain bool) (string, error) {
	if plain {
		s.log.Info("opening sqlite through the default vfs, without walvfs")
		return "", nil
	}
	vfs, err := walvfs.Register()
	if err != nil {
		return "", kefu.Internal(err)
	}
	return vfs, nil
}
