package main

import (
	"fmt"
	"os"

	"github.com/kefu-dev/kefu/internal/config"
)

// ensureDataDir creates the data directory, private to the user running kefu.
func ensureDataDir(cfg config.Config) error {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	return nil
}
