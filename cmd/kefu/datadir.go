package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/kefu-dev/kefu/internal/config"
)

// ensureDataDir creates the data directory, private to the user running kefu. An existing one
// is left as the operator made it, but a warning says when group or others may read or write
// it: the database, uploads and secret key are private either way (kefu creates each 0600 or
// 0700), yet a shared directory lets others delete or swap them, and see their names.
func ensureDataDir(cfg config.Config, log *slog.Logger) error {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	info, err := os.Stat(cfg.DataDir)
	if err != nil {
		return fmt.Errorf("check data dir: %w", err)
	}
	if shared(info.Mode()) {
		log.Warn("the data directory is accessible to group or others; restrict it with chmod 700",
			"data_dir", cfg.DataDir, "mode", fmt.Sprintf("%04o", info.Mode().Perm()))
	}
	return nil
}

// shared reports whether group or others have any access to a file of this mode.
func shared(mode fs.FileMode) bool { return mode.Perm()&0o077 != 0 }
