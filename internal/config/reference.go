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
	{key: "master_key", help: "Key-encryption key that wraps the database's encryption keys: 32 random bytes in base64 (openssl rand -base64 32). Wins over <data_dir>/master.key; empty reads that file, or generates it on a new installation. Losing it loses every encrypted value: back it up apart from the database. Environment or file only.", secret: true, noFlag: true},
	{key: "tls_cert_file", help: "PEM certificate (with its chain) to serve HTTPS with; set together with tls_key_file. Empty serves plain HTTP unless acme_domains is set."},
	{key: "tls_key_file", help: "PEM private key of tls_cert_file."},
	{key: "acme_domains", help: "Comma-separated host names to obtain certificates for automatically over ACME (HTTP-01 on acme_http_addr); excludes tls_cert_file. Certificates are cached in <data_dir>/acme."},
	{key: "acme_email", help: "Contact e-mail given to the ACME certificate authority (expiry notices)."},
	{key: "acme_directory_url", help: "ACME directory URL; empty is Let's Encrypt's production directory. Set a staging or test CA's here."},
	{key: "acme_http_addr", help: "Where ACME's HTTP-01 challenges are answered and every other plain-HTTP request is redirected to HTTPS; the CA connects to port 80."},
	{key: "hsts_max_age", help: "Strict-Transport-Security max-age sent with responses over HTTPS (Go duration; 0 sends no header). Also sent when public_url is https behind a proxy."},
	{key: "trusted_proxies", help: "Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is honoured, e.g. 10.0.0.0/8."},
	{key: "outbound_allow", help: "Comma-separated CIDRs that webhooks may reach although they are private, loopback or otherwise special-purpose addresses (refused by default against SSRF), e.g. 10.20.0.0/16 for an internal CRM."},
	{key: "telegram_api_url", help: "Base URL of the Telegram Bot API: https://api.telegram.org, a local Bot API server or a proxy in front of it. Requests honour HTTPS_PROXY."},
	{key: "wechat_api_url", help: "Base URL of the WeChat Official Account and mini program APIs: https://api.weixin.qq.com, or a reverse proxy with a fixed egress IP for the platform's IP allow-list."},
	{key: "wecom_api_url", help: "Base URL of the WeCom APIs: https://qyapi.weixin.qq.com, or a reverse proxy with a fixed egress IP for the platform's trusted-IP list."},
	{key: "log_level", help: "debug, info, warn or error."},
	{key: "log_format", help: "text or json."},
	{key: "max_upload_bytes", help: "Largest accepted attachment, in bytes."},
	{key: "file_link_ttl", help: "How long a visitor's signed attachment link works (Go duration, 1m to 24h). The widget fetches fresh links when one expires; a leaked link stops working after it. Agents download with their session instead."},
	{key: "channel_delivery_give_up", help: "How long an agent's reply to an external channel (email, Telegram, the API channel) is retried while the platform fails temporarily (network errors, 5xx, 429) before it is marked failed for the agent to retry (Go duration, 1m to 720h)."},
	{key: "max_connections", help: "Most concurrent realtime connections; new ones past it are refused with a retry hint."},
	{key: "max_in_flight", help: "Most concurrent REST requests; past it new ones get 429 (code overloaded) with Retry-After while accepted ones complete. Realtime streams count against max_connections instead."},
	{key: "rate_limit_ip", help: "Requests per minute from one client address without credentials (widget config and sessions, visitor file links, setup, sign-in); past it 429 rate_limited with Retry-After. 0 = off."},
	{key: "rate_limit_sessions", help: "Widget sessions per minute one client address may open (each may create a contact). 0 = off."},
	{key: "rate_limit_visitor", help: "Requests per minute of one widget visitor with a visitor token (messages, reads, typing, history). 0 = off."},
	{key: "rate_limit_uploads", help: "Attachment uploads per minute of one widget visitor. 0 = off."},
	{key: "rate_limit_token", help: "Requests per minute of one API token. 0 = off."},
	{key: "rate_limit_max_keys", help: "Clients each rate limit remembers; past it the least recently seen are forgotten, so a spray of addresses costs bounded memory."},
	{key: "event_retention", help: "How long events are kept for reconnecting clients to resume from (Go duration, e.g. 168h or 7d)."},
	{key: "shutdown_timeout", help: "How long a stopping server waits for in-flight requests (Go duration)."},
	{key: "geoip_database", help: "Empty (off), or the path of a MaxMind DB file (.mmdb: GeoLite2 or GeoIP2 City or Country, or one laid out like them) from which a visitor's region (CN-GD, or the country CN) is looked up by address for routing rules, when neither the visitor's signed attributes nor the pre-chat form give one. kefu ships and downloads none; replace the file and restart to update it. A missing or unreadable file stops the server at startup. See docs/routing.md."},
	{key: "smtp_listen", help: "Empty (off), or host:port where kefu takes mail that your mail server forwards to email inboxes set to receive by forwarding (mail for any other address is refused). Put it behind your MX or a local relay; see docs/channels.md."},
	{key: "debug_addr", help: "Empty (off), or host:port serving Go pprof profiles under /debug/pprof/ for profiling a live server. Unauthenticated: bind it to 127.0.0.1."},
	{key: "password_hash_concurrency", help: "Most password hashes (sign-ins, password changes, new agents) computed at once; each holds 19 MiB while it runs. 0 = the number of CPUs Go uses (GOMAXPROCS). See docs/security.md."},
	{key: "password_hash_wait", help: "How long a sign-in or password change waits for a free hashing slot before it is answered 429 (code overloaded) with Retry-After (Go duration, 1ms to 1m)."},
	{key: "password_min_length", help: "Fewest characters a new password may have (8 to 128). Existing passwords keep working; the rule applies when one is set."},
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
