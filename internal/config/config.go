package config

import (
	"log/slog"
	"net/netip"
	"path/filepath"
	"time"
)

// Config is kefu's runtime configuration. The koanf tag is the key used in the TOML file;
// the environment variable is KEFU_ + the upper-case key, the flag is the key with dashes.
type Config struct {
	// Addr is the listen address. The default ":8080" listens on every interface, so the binary
	// works as-is in a container or behind a reverse proxy; set "127.0.0.1:8080" to accept only
	// local connections.
	Addr string `koanf:"addr"`
	// DataDir holds the SQLite database, uploads and the generated secret key.
	DataDir string `koanf:"data_dir"`
	// DatabaseURL is "" for SQLite at <data_dir>/kefu.db or a postgres:// URL.
	DatabaseURL string `koanf:"database_url"`
	// CommitDelay is how long a busy database writer waits for more writes to commit with the
	// one it has; 0 commits every batch at once.
	CommitDelay time.Duration `koanf:"commit_delay"`
	// SQLiteWALVFS opens SQLite through walvfs, which writes a commit's log in one system call;
	// false uses modernc's default VFS, to rule walvfs out. Same files, same durability.
	SQLiteWALVFS bool `koanf:"sqlite_walvfs"`
	// PublicURL is the external base URL used for origin checks and links; "" derives it from
	// each request.
	PublicURL string `koanf:"public_url"`
	// SecretKey is the master secret; "" generates one into <data_dir>/secret.key.
	SecretKey string `koanf:"secret_key"`
	// MasterKey is the key-encryption key (base64 of 32 bytes) that wraps the database's data
	// keys; "" reads or generates <data_dir>/master.key. See docs/security.md.
	MasterKey string `koanf:"master_key"`
	// TLSCertFile and TLSKeyFile, both set, make the server speak HTTPS with that certificate.
	TLSCertFile string `koanf:"tls_cert_file"`
	TLSKeyFile  string `koanf:"tls_key_file"`
	// ACMEDomains, when set, make the server speak HTTPS with certificates it obtains itself
	// over ACME (HTTP-01) for these host names.
	ACMEDomains []string `koanf:"acme_domains"`
	// ACMEEmail is the contact address given to the ACME certificate authority.
	ACMEEmail string `koanf:"acme_email"`
	// ACMEDirectoryURL is the ACME directory; "" is Let's Encrypt's production one.
	ACMEDirectoryURL string `koanf:"acme_directory_url"`
	// ACMEHTTPAddr is where the HTTP-01 challenge is answered and plain HTTP redirected to HTTPS.
	ACMEHTTPAddr string `koanf:"acme_http_addr"`
	// HSTSMaxAge is the Strict-Transport-Security max-age sent over HTTPS; 0 sends none.
	HSTSMaxAge time.Duration `koanf:"hsts_max_age"`
	// TrustedProxies are the CIDRs whose X-Forwarded-For header is honoured.
	TrustedProxies []string `koanf:"trusted_proxies"`
	// OutboundAllow are CIDRs that outbound requests to customer-chosen URLs (webhooks) may
	// reach although they are private or special-purpose addresses; by default none.
	OutboundAllow []string `koanf:"outbound_allow"`
	// TelegramAPIURL is the Telegram Bot API's base URL: a local Bot API server, a proxy in
	// front of it, or a fake in tests. The host is the operator's choice, so it is reached
	// directly (through HTTPS_PROXY when set), not through the SSRF guard.
	TelegramAPIURL string `koanf:"telegram_api_url"`
	// WeChatAPIURL is the base URL of the WeChat Official Account and mini program APIs
	// (https://api.weixin.qq.com), WeComAPIURL that of WeCom's (https://qyapi.weixin.qq.com):
	// a forward proxy with a fixed egress IP for the platforms' allow-lists, or a simulator in
	// tests. Like Telegram's, reached directly, not through the SSRF guard.
	WeChatAPIURL string `koanf:"wechat_api_url"`
	WeComAPIURL  string `koanf:"wecom_api_url"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `koanf:"log_level"`
	// LogFormat is text or json.
	LogFormat string `koanf:"log_format"`
	// MaxUploadBytes is the largest accepted attachment.
	MaxUploadBytes int64 `koanf:"max_upload_bytes"`
	// FileLinkTTL is how long a visitor's signed attachment link works. The widget fetches
	// fresh links when one expires; a leaked link stops working after it.
	FileLinkTTL time.Duration `koanf:"file_link_ttl"`
	// ChannelDeliveryGiveUp is how long an agent's reply to an external channel is retried
	// while its platform fails temporarily (network, 5xx, 429) before it is marked failed.
	ChannelDeliveryGiveUp time.Duration `koanf:"channel_delivery_give_up"`
	// RateLimit* are per-client budgets of the public endpoints in requests per minute (a
	// minute's allowance may be spent at once); 0 turns one off. See docs/security.md.
	RateLimitIP       int `koanf:"rate_limit_ip"`
	RateLimitSessions int `koanf:"rate_limit_sessions"`
	RateLimitVisitor  int `koanf:"rate_limit_visitor"`
	RateLimitUploads  int `koanf:"rate_limit_uploads"`
	RateLimitToken    int `koanf:"rate_limit_token"`
	// RateLimitMaxKeys bounds the clients each rate limit remembers, so a spray of addresses
	// costs bounded memory.
	RateLimitMaxKeys int `koanf:"rate_limit_max_keys"`
	// MaxConnections bounds concurrent realtime connections; past it new ones are shed.
	MaxConnections int `koanf:"max_connections"`
	// MaxInFlight bounds concurrent REST requests; past it new ones get 429 with Retry-After, so
	// accepted work finishes fast instead of everything slowing down together.
	MaxInFlight int `koanf:"max_in_flight"`
	// EventRetention is how long persisted events are kept for clients to resume from.
	EventRetention time.Duration `koanf:"event_retention"`
	// ShutdownTimeout is how long a stopping server waits for in-flight work.
	ShutdownTimeout time.Duration `koanf:"shutdown_timeout"`
	// DebugAddr, when set, serves Go's pprof profiles on a separate listener so an operator can
	// profile a live server; "" (the default) serves nothing. Bind it to loopback: profiles
	// reveal internals and are not authenticated.
	DebugAddr string `koanf:"debug_addr"`
	// SMTPListen, when set, is where kefu's own SMTP listener takes mail forwarded to email
	// inboxes that receive by forwarding; "" (the default) listens nowhere.
	SMTPListen string `koanf:"smtp_listen"`
	// PasswordHashConcurrency caps concurrent password hashes (each holds 19 MiB); 0 =
	// GOMAXPROCS.
	PasswordHashConcurrency int `koanf:"password_hash_concurrency"`
	// PasswordHashWait is how long a sign-in waits for a hashing slot before it is shed.
	PasswordHashWait time.Duration `koanf:"password_hash_wait"`
	// PasswordMinLength is the fewest characters a new password may have.
	PasswordMinLength int `koanf:"password_min_length"`
	// GeoIPDatabase is the path of a MaxMind DB (.mmdb) file, e.g. GeoLite2-City, from which a
	// visitor's region is looked up for routing; "" looks nothing up. kefu ships none.
	GeoIPDatabase string `koanf:"geoip_database"`
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:              ":8080",
		DataDir:           "./kefu-data",
		TrustedProxies:    []string{},
		LogLevel:          "info",
		LogFormat:         "text",
		MaxUploadBytes:    20 << 20,
		FileLinkTTL:       time.Hour,
		MaxConnections:    50_000,
		RateLimitIP:       600,
		RateLimitSessions: 60,
		RateLimitVisitor:  600,
		RateLimitUploads:  30,
		RateLimitToken:    1200,
		RateLimitMaxKeys:  100_000,
		MaxInFlight:       2048,
		CommitDelay:       time.Millisecond,
		SQLiteWALVFS:      true,
		EventRetention:    7 * 24 * time.Hour,
		ShutdownTimeout:   15 * time.Second,

		ChannelDeliveryGiveUp: 24 * time.Hour,

		PasswordHashWait:  2 * time.Second,
		PasswordMinLength: 10,
		ACMEDomains:       []string{},
		ACMEHTTPAddr:      ":80",
		HSTSMaxAge:        365 * 24 * time.Hour,
		OutboundAllow:     []string{},
		TelegramAPIURL:    "https://api.telegram.org",
		WeChatAPIURL:      "https://api.weixin.qq.com",
		WeComAPIURL:       "https://qyapi.weixin.qq.com",
	}
}

// StoreURL is what to open the store with: DatabaseURL, or the SQLite file in DataDir.
func (c Config) StoreURL() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "kefu.db")
}

// SlogLevel is LogLevel as a slog.Level; unknown levels (rejected by Validate) mean info.
func (c Config) SlogLevel() slog.Level {
	var l slog.Level
	if l.UnmarshalText([]byte(c.LogLevel)) != nil {
		return slog.LevelInfo
	}
	return l
}

// TrustedProxyPrefixes parses TrustedProxies.
func (c Config) TrustedProxyPrefixes() ([]netip.Prefix, error) {
	return parsePrefixes(c.TrustedProxies)
}

// OutboundAllowPrefixes parses OutboundAllow.
func (c Config) OutboundAllowPrefixes() ([]netip.Prefix, error) {
	return parsePrefixes(c.OutboundAllow)
}

func parsePrefixes(cidrs []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(cidrs))
	for _, s := range cidrs {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// values returns c keyed by config key, unredacted: the defaults layer of Load and the source
// of Redacted and the generated docs.
func (c Config) values() map[string]any {
	return map[string]any{
		"addr":                c.Addr,
		"data_dir":            c.DataDir,
		"database_url":        c.DatabaseURL,
		"commit_delay":        c.CommitDelay,
		"sqlite_walvfs":       c.SQLiteWALVFS,
		"public_url":          c.PublicURL,
		"secret_key":          c.SecretKey,
		"trusted_proxies":     append([]string{}, c.TrustedProxies...),
		"log_level":           c.LogLevel,
		"log_format":          c.LogFormat,
		"max_upload_bytes":    c.MaxUploadBytes,
		"file_link_ttl":       c.FileLinkTTL,
		"max_connections":     c.MaxConnections,
		"rate_limit_ip":       c.RateLimitIP,
		"rate_limit_sessions": c.RateLimitSessions,
		"rate_limit_visitor":  c.RateLimitVisitor,
		"rate_limit_uploads":  c.RateLimitUploads,
		"rate_limit_token":    c.RateLimitToken,
		"rate_limit_max_keys": c.RateLimitMaxKeys,
		"max_in_flight":       c.MaxInFlight,
		"event_retention":     c.EventRetention,
		"shutdown_timeout":    c.ShutdownTimeout,
		"debug_addr":          c.DebugAddr,

		"channel_delivery_give_up": c.ChannelDeliveryGiveUp,
		"smtp_listen":              c.SMTPListen,

		"password_hash_concurrency": c.PasswordHashConcurrency,
		"password_hash_wait":        c.PasswordHashWait,
		"password_min_length":       c.PasswordMinLength,
		"master_key":                c.MasterKey,
		"tls_cert_file":             c.TLSCertFile,
		"tls_key_file":              c.TLSKeyFile,
		"acme_domains":              append([]string{}, c.ACMEDomains...),
		"acme_email":                c.ACMEEmail,
		"acme_directory_url":        c.ACMEDirectoryURL,
		"acme_http_addr":            c.ACMEHTTPAddr,
		"hsts_max_age":              c.HSTSMaxAge,
		"outbound_allow":            append([]string{}, c.OutboundAllow...),
		"geoip_database":            c.GeoIPDatabase,
		"telegram_api_url":          c.TelegramAPIURL,
		"wechat_api_url":            c.WeChatAPIURL,
		"wecom_api_url":             c.WeComAPIURL,
	}
}

// TLSMode says how the server speaks HTTPS: "files" (the operator's certificate), "acme"
// (certificates it obtains) or "" (plain HTTP, e.g. behind a reverse proxy).
func (c Config) TLSMode() string {
	switch {
	case c.TLSCertFile != "" || c.TLSKeyFile != "":
		return "files"
	case len(c.ACMEDomains) > 0:
		return "acme"
	}
	return ""
}
