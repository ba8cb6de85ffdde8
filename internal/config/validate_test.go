package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		key    string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"port zero", func(c *Config) { c.Addr = "127.0.0.1:0" }, ""},
		{"ipv6 addr", func(c *Config) { c.Addr = "[::1]:8080" }, ""},
		{"postgres", func(c *Config) { c.DatabaseURL = "postgres://u:p@db/kefu?sslmode=disable" }, ""},
		{"postgresql", func(c *Config) { c.DatabaseURL = "postgresql:///kefu?host=/run/postgresql" }, ""},
		{"public url", func(c *Config) { c.PublicURL = "https://support.example.com/kefu" }, ""},
		{"proxies", func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8", "::1/128"} }, ""},
		{"master key", func(c *Config) { c.MasterKey = "a2VmdS10ZXN0LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=" }, ""},
		{"master key short", func(c *Config) { c.MasterKey = "c2hvcnQ=" }, "master_key"},
		{"tls files", func(c *Config) { c.TLSCertFile, c.TLSKeyFile = "cert.pem", "key.pem" }, ""},
		{"tls cert without key", func(c *Config) { c.TLSCertFile = "cert.pem" }, "tls_cert_file"},
		{"acme", func(c *Config) {
			c.ACMEDomains, c.ACMEDirectoryURL = []string{"kefu.example.com"}, "https://acme.test/dir"
		}, ""},
		{"acme and files", func(c *Config) {
			c.TLSCertFile, c.TLSKeyFile, c.ACMEDomains = "cert.pem", "key.pem", []string{"kefu.example.com"}
		}, "acme_domains"},
		{"acme bad domain", func(c *Config) { c.ACMEDomains = []string{"https://kefu.example.com"} }, "acme_domains"},
		{"acme bad directory", func(c *Config) { c.ACMEDomains, c.ACMEDirectoryURL = []string{"a.example"}, "acme.test" }, "acme_directory_url"},
		{"acme bad http addr", func(c *Config) { c.ACMEDomains, c.ACMEHTTPAddr = []string{"a.example"}, "80" }, "acme_http_addr"},
		{"hsts negative", func(c *Config) { c.HSTSMaxAge = -time.Second }, "hsts_max_age"},
		{"addr without port", func(c *Config) { c.Addr = "localhost" }, "addr"},
		{"addr bad port", func(c *Config) { c.Addr = ":http" }, "addr"},
		{"addr port too big", func(c *Config) { c.Addr = ":70000" }, "addr"},
		{"empty data dir", func(c *Config) { c.DataDir = "" }, "data_dir"},
		{"mysql", func(c *Config) { c.DatabaseURL = "mysql://u@db/kefu" }, "database_url"},
		{"sqlite path", func(c *Config) { c.DatabaseURL = "/var/lib/kefu.db" }, "database_url"},
		{"public url no scheme", func(c *Config) { c.PublicURL = "support.example.com" }, "public_url"},
		{"public url ftp", func(c *Config) { c.PublicURL = "ftp://example.com" }, "public_url"},
		{"public url query", func(c *Config) { c.PublicURL = "https://example.com/?a=1" }, "public_url"},
		{"public url userinfo", func(c *Config) { c.PublicURL = "https://u:p@example.com" }, "public_url"},
		{"proxy bare ip", func(c *Config) { c.TrustedProxies = []string{"10.0.0.1"} }, "trusted_proxies"},
		{"proxy junk", func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8", "everyone"} }, "trusted_proxies"},
		{"log level", func(c *Config) { c.LogLevel = "verbose" }, "log_level"},
		{"log format", func(c *Config) { c.LogFormat = "xml" }, "log_format"},
		{"upload zero", func(c *Config) { c.MaxUploadBytes = 0 }, "max_upload_bytes"},
		{"connections negative", func(c *Config) { c.MaxConnections = -1 }, "max_connections"},
		{"in-flight zero", func(c *Config) { c.MaxInFlight = 0 }, "max_in_flight"},
		{"commit delay off", func(c *Config) { c.CommitDelay = 0 }, ""},
		{"commit delay negative", func(c *Config) { c.CommitDelay = -time.Millisecond }, "commit_delay"},
		{"commit delay too long", func(c *Config) { c.CommitDelay = time.Second }, "commit_delay"},
		{"retention zero", func(c *Config) { c.EventRetention = 0 }, "event_retention"},
		{"shutdown negative", func(c *Config) { c.ShutdownTimeout = -time.Second }, "shutdown_timeout"},
		{"debug addr no port", func(c *Config) { c.DebugAddr = "localhost" }, "debug_addr"},
		{"debug addr loopback", func(c *Config) { c.DebugAddr = "127.0.0.1:6060" }, ""},
		{"smtp listen no port", func(c *Config) { c.SMTPListen = "mail.example.com" }, "smtp_listen"},
		{"smtp listen", func(c *Config) { c.SMTPListen = "0.0.0.0:2525" }, ""},
		{"geoip database path", func(c *Config) { c.GeoIPDatabase = "/var/lib/GeoLite2-City.mmdb" }, ""},
		{"geoip database stray space", func(c *Config) { c.GeoIPDatabase = "/var/lib/GeoLite2-City.mmdb " }, "geoip_database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			err := c.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var ke *kefu.Error
			if !errors.As(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.key || !strings.Contains(ke.Message, tt.key) {
				t.Fatalf("got %v, want invalid_input naming %s", err, tt.key)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.Addr, c.LogFormat, c.MaxConnections = "nope", "xml", 0
	err := c.Validate()
	for _, key := range []string{"addr", "log_format", "max_connections"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("got %v, want it to mention %s", err, key)
		}
	}
}

func TestHelpers(t *testing.T) {
	c := Default()
	if got := c.StoreURL(); got != "kefu-data/kefu.db" {
		t.Errorf("got store URL %q, want kefu-data/kefu.db", got)
	}
	c.DatabaseURL = "postgres://db/kefu"
	if got := c.StoreURL(); got != c.DatabaseURL {
		t.Errorf("got store URL %q, want the database URL", got)
	}
	c.LogLevel = "warn"
	if got := c.SlogLevel().String(); got != "WARN" {
		t.Errorf("got level %s, want WARN", got)
	}
	c.TrustedProxies = []string{"10.1.2.3/8"}
	p, err := c.TrustedProxyPrefixes()
	if err != nil || len(p) != 1 || p[0].String() != "10.0.0.0/8" {
		t.Errorf("got %v, %v, want [10.0.0.0/8]", p, err)
	}
}
