package config

import (
	"fmt"
	"strings"
	"time"
)

// Option describes one setting for docs and help: its file key, environment variable, flag
// (empty when it has none), default and meaning. Secret options are never printed.
type Option struct {
	Key     string
	Env     string
	Flag    string
	Default string
	Help    string
	Secret  bool
}

// ConfigFileKey is the pseudo-option naming the TOML file; it selects a layer and is not itself
// part of Config.
const ConfigFileKey = "config"

// option is one row of the reference before env, flag and default are derived from the key.
type option struct {
	key    string
	help   string
	secret bool
	noFlag bool
}

// options lists every setting in the order docs show them. secret_key has no flag on purpose:
// command lines are visible to every user of the machine in ps and /proc.
var options = []option{
	{key: ConfigFileKey, help: "TOML file with any of the settings below, by key."},
	{key: "addr", help: "Listen address, host:port. The default listens on every interface; use 127.0.0.1:8080 for local only."},
	{key: "data_dir", help: "Directory for the SQLite database, uploads and the generated secret key."},
	{key: "database_url", help: "Empty for SQLite at <data_dir>/kefu.db, or a postgres:// URL for PostgreSQL. Its password is redacted when printed."},
	{key: "commit_delay", help: "How long the database writer, while busy, waits for more messages to commit together with the ones it has (Go duration, 0 to 100ms; 0 commits at once). Fewer, larger commits cost less CPU and disk per message; an idle writer never waits."},
	{key: "sqlite_walvfs", help: "Open SQLite through kefu's own VFS, which writes a commit's log in one system call instead of two per page (true), or through the SQLite driver's default VFS (false), to rule kefu's out after an upgrade or when it is suspected. The files and their durability are the same either way; PostgreSQL ignores it."},
	{key: "public_url", help: "External base URL, e.g. https://support.example.com, used for origin checks and links. Empty derives it from each request."},
	{key: "secret_key", help: "Master secret, at least 32 characters. Empty generates one into <data_dir>/secret.key. Environment or file only.", secret: true, noFlag: true},
	{key: "trusted_proxies", help: "Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is honoured, e.g. 10.0.0.0/8."},
	{key: "outbound_allow", help: "Comma-separated CIDRs that webhooks may reach although they are private, loopback or otherwise special-purpose addresses (refused by default against SSRF), e.g. 10.20.0.0/16 for an internal CRM."},
	{key: "log_level", help: "debug, info, warn or error."},
	{key: "log_format", help: "text or json."},
	{key: "max_upload_bytes", help: "Largest accepted attachment, in bytes."},
	{key: "max_connections", help: "Most concurrent realtime connections; new ones past it are refused with a retry hint."},
	{key: "max_in_flight", help: "Most concurrent REST requests; past it new ones get 429 (code overloaded) with Retry-After while accepted ones complete. Realtime streams count against max_connections instead."},
	{key: "event_retention", help: "How long events are kept for reconnecting clients to resume from (Go duration, e.g. 168h or 7d)."},
	{key: "shutdown_timeout", help: "How long a stopping server waits for in-flight requests (Go duration)."},
	{key: "debug_addr", help: "Empty (off), or host:port serving Go pprof profiles under /debug/pprof/ for profiling a live server. Unauthenticated: bind it to 127.0.0.1."},
}

// Reference returns every option with its environment variable, flag and default.
func Reference() []Option {
	defaults := Default().values()
	out := make([]Option, 0, len(options))
	for _, o := range options {
		ref := Option{Key: o.key, Env: envName(o.key), Help: o.help, Secret: o.secret}
		if !o.noFlag {
			ref.Flag = flagName(o.key)
		}
		if v, ok := defaults[o.key]; ok {
			ref.Default = formatValue(v)
		}
		out = append(out, ref)
	}
	return out
}

// envName is the environment variable of key: KEFU_ and the upper-case key.
func envName(key string) string { return "KEFU_" + strings.ToUpper(key) }

// flagName is the flag of key: the key with dashes.
func flagName(key string) string { return strings.ReplaceAll(key, "_", "-") }

// keyOfFlag is the key of flag name.
func keyOfFlag(name string) string { return strings.ReplaceAll(name, "-", "_") }

// formatValue renders a value the way a user would write it in the environment.
func formatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []string:
		return strings.Join(v, ",")
	case time.Duration:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}
