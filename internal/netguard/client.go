package netguard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Client returns an HTTP client that reaches only allowed addresses. It resolves names itself,
// refuses a name with any denied address, and checks the address of every connection again
// just before it is made (net.Dialer.Control), so no later DNS answer can slip through. It uses
// no proxy from the environment (a proxy would dial on its behalf, unchecked), follows at most
// MaxRedirects redirects, each checked like the first URL, and fails a body read past
// MaxResponseBytes.
func (g *Guard) Client() *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.control}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           g.dialContext(dialer),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: g.opts.Timeout,
	}
	return &http.Client{
		Transport:     &limitedTransport{next: transport, limit: g.opts.MaxResponseBytes},
		Timeout:       g.opts.Timeout,
		CheckRedirect: g.checkRedirect,
	}
}

// dialContext resolves addr's host through the guard and dials the first allowed address.
func (g *Guard) dialContext(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := g.resolve(ctx, host)
		if err != nil {
			return nil, err
		}
		var errs []error
		for _, ip := range ips {
			conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return conn, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}

// control is the last check, on the very address the socket connects to.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrRefused, address)
	}
	return g.checkIP(ap.Addr())
}

// checkRedirect caps redirects and refuses a target that is not an allowed http(s) URL.
func (g *Guard) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > g.opts.MaxRedirects {
		return fmt.Errorf("%w: more than %d redirects", ErrRefused, g.opts.MaxRedirects)
	}
	if _, err := ParseURL(req.URL.String()); err != nil {
		return err
	}
	_, err := g.resolve(req.Context(), req.URL.Hostname())
	return err
}

// ErrTooLarge is the read error of a response body longer than MaxResponseBytes.
var ErrTooLarge = errors.New("response body too large")

// limitedTransport refuses a request whose URL ParseURL refuses (the first one too, which
// CheckRedirect never sees) and caps every response body it returns.
type limitedTransport struct {
	next  http.RoundTripper
	limit int64
}

func (t *limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if _, err := ParseURL(req.URL.String()); err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{ReadCloser: resp.Body, left: t.limit}
	return resp, nil
}

// limitedBody reads up to left bytes and then fails with ErrTooLarge.
type limitedBody struct {
	io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, _ := b.ReadCloser.Read(one[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// closeBody closes a request's body, as a RoundTripper must even when it fails.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
