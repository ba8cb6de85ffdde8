package config

import (
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Validate checks every setting and returns all problems at once, each a kefu invalid_input
// error whose message names the key, so an operator fixes the file in one go.
func (c Config) Validate() error {
	var errs []error
	add := func(err *kefu.Error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(checkAddr("addr", c.Addr))
	if c.DataDir == "" {
		add(kefu.FieldError("data_dir", "data_dir must not be empty"))
	}
	add(checkDatabaseURL(c.DatabaseURL))
	add(checkPublicURL(c.PublicURL))
	add(checkBaseURL("telegram_api_url", c.TelegramAPIURL, "https://api.telegram.org"))
	add(checkBaseURL("wechat_api_url", c.WeChatAPIURL, "https://api.weixin.qq.com"))
	add(checkBaseURL("wecom_api_url", c.WeComAPIURL, "https://qyapi.weixin.qq.com"))
	if c.CommitDelay < 0 || c.CommitDelay > maxCommitDelay {
		add(kefu.FieldError("commit_delay", "commit_delay must be between 0 and %v: a busy writer holds every write back by up to it", maxCommitDelay))
	}
	add(checkMasterKey(c.MasterKey))
	for _, e := range c.checkTLS() {
		add(e)
	}
	if c.HSTSMaxAge < 0 {
		add(kefu.FieldError("hsts_max_age", "hsts_max_age must not be negative (0 sends no header)"))
	}
	for _, p := range c.TrustedProxies {
		if _, err := (Config{TrustedProxies: []string{p}}).TrustedProxyPrefixes(); err != nil {
			add(kefu.FieldError("trusted_proxies", "trusted_proxies: %q is not a CIDR (write a single address as 10.0.0.1/32)", p))
		}
	}
	for _, p := range c.OutboundAllow {
		if _, err := parsePrefixes([]string{p}); err != nil {
			add(kefu.FieldError("outbound_allow", "outbound_allow: %q is not a CIDR (write a single address as 10.0.0.1/32)", p))
		}
	}
	add(checkOneOf("log_level", c.LogLevel, "debug", "info", "warn", "error"))
	add(checkOneOf("log_format", c.LogFormat, "text", "json"))
	add(checkPositive("max_upload_bytes", c.MaxUploadBytes > 0))
	if c.FileLinkTTL < time.Minute || c.FileLinkTTL > maxFileLinkTTL {
		add(kefu.FieldError("file_link_ttl", "file_link_ttl must be between 1m and %v", maxFileLinkTTL))
	}
	if c.ChannelDeliveryGiveUp < time.Minute || c.ChannelDeliveryGiveUp > 720*time.Hour {
		add(kefu.FieldError("channel_delivery_give_up", "channel_delivery_give_up must be between 1m and 720h"))
	}
	add(checkPositive("max_connections", c.MaxConnections > 0))
	for _, l := range []struct {
		key string
		v   int
	}{{"rate_limit_ip", c.RateLimitIP}, {"rate_limit_sessions", c.RateLimitSessions}, {"rate_limit_visitor", c.RateLimitVisitor},
		{"rate_limit_uploads", c.RateLimitUploads}, {"rate_limit_token", c.RateLimitToken}} {
		if l.v < 0 {
			add(kefu.FieldError(l.key, "%s must be 0 (off) or a number of requests per minute", l.key))
		}
	}
	add(checkPositive("rate_limit_max_keys", c.RateLimitMaxKeys > 0))
	add(checkPositive("max_in_flight", c.MaxInFlight > 0))
	add(checkPositive("event_retention", c.EventRetention > 0))
	add(checkPositive("shutdown_timeout", c.ShutdownTimeout > 0))
	add(checkPasswords(c))
	if strings.TrimSpace(c.GeoIPDatabase) != c.GeoIPDatabase {
		add(kefu.FieldError("geoip_database", "geoip_database %q has leading or trailing spaces", c.GeoIPDatabase))
	}
	if c.DebugAddr != "" {
		add(checkAddr("debug_addr", c.DebugAddr))
	}
	if c.SMTPListen != "" {
		add(checkAddr("smtp_listen", c.SMTPListen))
	}
	return errors.Join(errs...)
}

// maxFileLinkTTL bounds file_link_ttl: a visitor's attachment link is a bearer credential, and a
// day is long enough for any open chat (the widget refreshes expired links anyway).
const maxFileLinkTTL = 24 * time.Hour

// maxCommitDelay bounds commit_delay: past it the wait would show in every message's latency.
const maxCommitDelay = 100 * time.Millisecond

// checkAddr wants host:port with a numeric port for the listen address setting named key;
// port 0 picks a free one (tests).
func checkAddr(key, addr string) *kefu.Error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return kefu.FieldError(key, "%s %q is not host:port, e.g. \":8080\" or \"127.0.0.1:8080\"", key, addr)
	}
	return nil
}

// checkDatabaseURL wants "" (SQLite) or a PostgreSQL URL.
func checkDatabaseURL(s string) *kefu.Error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return kefu.FieldError("database_url", "database_url must be empty (SQLite in data_dir) or a postgres:// URL")
	}
	return nil
}

// checkPublicURL wants "" or an absolute http(s) base URL without credentials, query or fragment.
func checkPublicURL(s string) *kefu.Error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return kefu.FieldError("public_url", "public_url %q must be an http(s) base URL such as https://support.example.com", s)
	}
	return nil
}

// checkBaseURL wants a platform API's absolute http(s) base URL: its methods and files are
// paths below it.
func checkBaseURL(key, s, example string) *kefu.Error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return kefu.FieldError(key, "%s %q must be an http(s) base URL such as %s", key, s, example)
	}
	return nil
}

// checkOneOf wants v to be one of allowed.
func checkOneOf(key, v string, allowed ...string) *kefu.Error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return kefu.FieldError(key, "%s %q is not one of %v", key, v, allowed)
}

// checkPositive reports key as invalid unless ok.
func checkPositive(key string, ok bool) *kefu.Error {
	if ok {
		return nil
	}
	return kefu.FieldError(key, "%s must be positive", key)
}

// Bounds of the password settings: below 8 characters a password falls to online guessing
// despite the throttle, and a minute-long hashing queue is an outage, not a wait.
const (
	minPasswordMinLength = 8
	maxPasswordMinLength = 128
	maxPasswordHashWait  = time.Minute
)

// checkPasswords checks the password hashing and policy settings.
func checkPasswords(c Config) *kefu.Error {
	switch {
	case c.PasswordHashConcurrency < 0:
		return kefu.FieldError("password_hash_concurrency", "password_hash_concurrency must be 0 (GOMAXPROCS) or positive")
	case c.PasswordHashWait < time.Millisecond || c.PasswordHashWait > maxPasswordHashWait:
		return kefu.FieldError("password_hash_wait", "password_hash_wait must be between 1ms and %v", maxPasswordHashWait)
	case c.PasswordMinLength < minPasswordMinLength || c.PasswordMinLength > maxPasswordMinLength:
		return kefu.FieldError("password_min_length", "password_min_length must be between %d and %d", minPasswordMinLength, maxPasswordMinLength)
	}
	return nil
}
