package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// maxJSONBody bounds every JSON request body; uploads have their own limit.
const maxJSONBody = 1 << 20

// recoverPanics turns a handler panic into a 500 and a log line, keeping the server up.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				problem.New(kefu.CodeInternal, "internal error").Write(w)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets headers that make the API useless as a vector: nothing sniffed, nothing
// framed, nothing executed. The web apps set their own, looser policy for their own pages.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cross-Origin-Resource-Policy", "same-site")
		if s.HSTSMaxAge > 0 && (r.TLS != nil || strings.HasPrefix(s.PublicURL, "https://")) {
			h.Set("Strict-Transport-Security", "max-age="+strconv.FormatInt(int64(s.HSTSMaxAge/time.Second), 10))
		}
		next.ServeHTTP(w, r)
	})
}

// newInFlightSlots is the server-wide semaphore of shedLoad, sized by MaxInFlight.
func newInFlightSlots(limit int) chan struct{} {
	if limit <= 0 {
		limit = 2048
	}
	return make(chan struct{}, limit)
}

// shedLoad answers 429 once too many requests are in flight, so accepted work finishes fast
// instead of everything slowing down together. The slots are the server's, not the
// middleware's: chi builds a group's middleware chain once per route, and a semaphore made
// here would limit each endpoint separately instead of the server.
func (s *server) shedLoad(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.inFlight <- struct{}{}:
			defer func() { <-s.inFlight }()
			next.ServeHTTP(w, r)
		default:
			s.metrics.shed.Inc()
			problem.New(kefu.CodeOverloaded, "the server is busy; retry shortly").Write(w)
		}
	})
}

// requireValidUTF8 refuses query strings that do not parse or are not text, and reads JSON
// bodies up front, refusing oversize ones and those bodyProblem finds fault with (Go's JSON
// decoder would silently replace invalid bytes and lone surrogates and keep the last of
// duplicate keys, storing something the client did not send). A body without a content type
// counts as JSON, because huma decodes it as JSON.
func (s *server) requireValidUTF8(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := queryProblem(r.URL.RawQuery); p != nil {
			p.Write(w)
			return
		}
		ct := r.Header.Get("Content-Type")
		if r.Body == nil || r.Method == http.MethodGet || (ct != "" && !strings.Contains(ct, "json")) {
			next.ServeHTTP(w, r)
			return
		}
		limit := jsonLimit(r)
		body, err := readBody(w, r, limit)
		switch {
		case err != nil:
			problem.New(kefu.CodeMalformed, "could not read the request body").Write(w)
		case int64(len(body)) > limit:
			problem.New(kefu.CodeTooLarge, fmt.Sprintf("the request body is over %d MiB", limit>>20)).Write(w)
		default:
			// A signed body is verified before anything parses it; its handler checks it after.
			if !signedBody(r) {
				if p := bodyProblem(body); p != nil {
					p.Write(w)
					return
				}
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			next.ServeHTTP(w, r)
		}
	})
}

// bodyReadTimeout bounds how long a JSON body may take to arrive, against clients that
// trickle it to hold a connection.
const bodyReadTimeout = 30 * time.Second

// jsonLimit is the body limit of a JSON request: a knowledge-base import carries a whole
// knowledge base, every other body one object.
func jsonLimit(r *http.Request) int64 {
	if r.URL.Path == kbImportPath {
		return maxImportBody
	}
	return maxJSONBody
}

// readBody reads a JSON body of at most limit+1 bytes under a read deadline, then clears
// the deadline: left set, it would later cancel the request (see operation).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(bodyReadTimeout))
	defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
	return io.ReadAll(io.LimitReader(r.Body, limit+1))
}

// widgetCORS lets pages on any origin call the visitor API: it authenticates with a bearer
// visitor token, never cookies, so there is nothing for another origin to ride on.
func (s *server) widgetCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1/widget/") {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID")
		h.Set("Access-Control-Allow-Methods", "GET, POST, PATCH")
		h.Set("Access-Control-Max-Age", "600")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP records the caller's address. X-Forwarded-For is believed only when the direct
// peer is a configured trusted proxy, and then only up to the first untrusted hop.
func (s *server) clientIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := realIP(r, s.TrustedProxies)
		ctx := withClientIP(r.Context(), ip)
		ctx = kefu.WithRequestSource(ctx, kefu.RequestSource{IP: ip, UserAgent: r.UserAgent()})
		ctx = withBaseURL(ctx, s.baseURL(r))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func realIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !isTrusted(hop, trusted) {
			return hop.String()
		}
	}
	return host
}

func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// baseURL is the configured public URL, or the scheme and host of the request. The forwarded
// scheme is believed only from a trusted proxy.
func (s *server) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if peer, err := netip.ParseAddrPort(r.RemoteAddr); err == nil && isTrusted(peer.Addr(), s.TrustedProxies) {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
	}
	return scheme + "://" + r.Host
}
