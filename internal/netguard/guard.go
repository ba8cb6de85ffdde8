package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// ErrRefused is what every refusal wraps: a URL or address the guard will not let a request
// reach. Callers turn it into a validation error for the URL's owner.
var ErrRefused = errors.New("destination refused")

// Options configure a Guard. The zero value refuses every special-purpose address.
type Options struct {
	// Allow are ranges the operator lets requests reach although they are denied by default,
	// e.g. a private network hosting the company's own systems. Tests allow 127.0.0.1/32 to
	// reach httptest servers.
	Allow []netip.Prefix
	// Lookup resolves a host name; nil uses the system resolver. Tests pass their own names.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
	// Timeout bounds a whole request, redirects and body included; 0 = 10s.
	Timeout time.Duration
	// MaxRedirects is how many redirects a request may follow; 0 = 3, negative = none.
	MaxRedirects int
	// MaxResponseBytes caps how much of a response body is read; 0 = 64 KiB.
	MaxResponseBytes int64
}

// Guard checks outbound URLs and addresses and builds HTTP clients that enforce the checks.
type Guard struct {
	opts Options
}

// New returns a Guard with opts, defaults filled in.
func New(opts Options) *Guard {
	if opts.Lookup == nil {
		opts.Lookup = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	opts.Timeout = cmpOr(opts.Timeout, 10*time.Second)
	opts.MaxRedirects = cmpOr(opts.MaxRedirects, 3)
	opts.MaxRedirects = max(opts.MaxRedirects, 0)
	opts.MaxResponseBytes = cmpOr(opts.MaxResponseBytes, 64<<10)
	return &Guard{opts: opts}
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// AllowedIP reports whether requests may reach ip: it is not denied, or an allowed range holds it.
func (g *Guard) AllowedIP(ip netip.Addr) bool {
	for _, p := range g.opts.Allow {
		if p.Contains(ip.Unmap()) || p.Contains(ip) {
			return true
		}
	}
	return !Denied(ip)
}

// CheckURL validates raw as a destination: http or https, a host that is a plain name or IP
// literal, and every address the host resolves to allowed. It is the check at save time; the
// client checks again at every connection.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := ParseURL(raw)
	if err != nil {
		return err
	}
	_, err = g.resolve(ctx, u.Hostname())
	return err
}

// ParseURL parses raw as an outbound URL without resolving it: an absolute http(s) URL with a
// host, no credentials, and no host spelled as an ambiguous number (2130706433, 0x7f.1, 0177.0.0.1)
// that some resolvers read as an IPv4 address.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: not a URL", ErrRefused)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: only http and https URLs are allowed", ErrRefused)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: credentials in the URL are not allowed", ErrRefused)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("%w: the URL has no host", ErrRefused)
	}
	if _, err := netip.ParseAddr(host); err != nil && numericHost(host) {
		return nil, fmt.Errorf("%w: %q is a number, not a host name or dotted IP address", ErrRefused, host)
	}
	return u, nil
}

// numericHost reports whether host has a label a resolver might parse as a number: all digits,
// or 0x and hex digits. Real top-level domains are never numeric, so a name whose last label is
// numeric is an IP address in disguise.
func numericHost(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := strings.ToLower(labels[len(labels)-1])
	if strings.HasPrefix(last, "0x") {
		return true
	}
	return strings.Trim(last, "0123456789") == ""
}

// resolve returns host's addresses if every one is allowed; a refusal names the first that is not.
func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, g.checkIP(ip)
	}
	addrs, err := g.opts.Lookup(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	for _, ip := range addrs {
		if err := g.checkIP(ip); err != nil {
			return nil, fmt.Errorf("%s: %w", host, err)
		}
	}
	return addrs, nil
}

func (g *Guard) checkIP(ip netip.Addr) error {
	if !g.AllowedIP(ip) {
		return fmt.Errorf("%w: %s is a private or special-purpose address", ErrRefused, ip)
	}
	return nil
}
