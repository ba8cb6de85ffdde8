package blob

import (
	"fmt"
	"os"
	"path/filepath"
)

// Uploads are private to the user running kefu: directories 0700, files 0600. New ones are
// made so (os.Mkdir 0700, os.CreateTemp 0600; a umask can only take bits away), and
// restrictTree tightens a tree an operator or an older version left more open.
const dirMode = 0o700

// restrictTree sets dir and the key-prefix directories under it to dirMode where group or
// others have access. It leaves the blobs themselves alone: every kefu version wrote them
// 0600, and there may be millions.
func restrictTree(dir string) error {
	if err := restrictDir(dir); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("blob: list %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := restrictDir(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// restrictDir sets dir to dirMode unless it is private already.
func restrictDir(dir string) error {
	info, err := os.Stat(dir)
	if err == nil && info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err == nil {
		err = os.Chmod(dir, dirMode)
	}
	if err != nil {
		return fmt.Errorf("blob: restrict %s: %w", dir, err)
	}
	return nil
}
