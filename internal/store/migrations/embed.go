// Package migrations holds kefu's numbered SQL migrations, one folder per database dialect,
// embedded into the binary so a deployment never needs the files on disk.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql. Both folders carry the same numbered steps so the
// two databases always have the same logical schema.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
