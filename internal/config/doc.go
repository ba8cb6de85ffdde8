// Package config is kefu's typed configuration: defaults, an optional TOML file, KEFU_* environment
// variables and command-line flags, merged in that order, validated, redacted for printing, and
// described by Reference so docs/configuration.md is generated from the code and cannot drift.
package config
