package netguard_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kefu-dev/kefu/internal/netguard"
)

// fakeDNS answers the test's names; any other name does not exist.
func fakeDNS(names map[string][]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		ss, ok := names[strings.ToLower(host)]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		out := make([]netip.Addr, len(ss))
		for i, s := range ss {
			out[i] = netip.MustParseAddr(s)
		}
		return out, nil
	}
}

var hostileNames = map[string][]string{
	"localhost":                {"127.0.0.1", "::1"},
	"metadata.google.internal": {"169.254.169.254"},
	"mixed.test":               {"93.184.216.34", "127.0.0.1"},
	"internal.test":            {"10.1.2.3"},
	"127.0.0.1.nip.io":         {"127.0.0.1"},
	"v6private.test":           {"fd12:3456::1"},
	"mapped.test":              {"::ffff:192.168.0.1"},
}

// hostileURLs must all be refused by a guard with default settings.
var hostileURLs = []string{
	"http://127.0.0.1/",
	"http://127.0.0.1:8080/admin",
	"http://localhost/",
	"http://2130706433/",           // 127.0.0.1 as a decimal number
	"http://0x7f000001/",           // as hex
	"http://0x7f.0.0.1/",           // hex first octet
	"http://0177.0.0.1/",           // octal first octet
	"http://017700000001/",         // octal number
	"http://127.1/",                // short form
	"http://0/",                    // 0.0.0.0 as a number
	"http://[::1]/",                // IPv6 loopback
	"http://[::ffff:127.0.0.1]/",   // IPv4-mapped loopback
	"http://[::ffff:7f00:1]/",      // the same in hex
	"http://[::127.0.0.1]/",        // IPv4-compatible loopback
	"http://[64:ff9b::7f00:1]/",    // NAT64 of loopback
	"http://[64:ff9b::a9fe:a9fe]/", // NAT64 of the metadata address
	"http://[2002:7f00:1::]/",      // 6to4 of loopback
	"http://[::ffff:a9fe:a9fe]/",   // mapped metadata address
	"http://169.254.169.254/latest/meta-data/",
	"http://[fe80::1]/",                               // link-local
	"http://[fe80::1%25eth0]/",                        // link-local with a zone
	"http://10.0.0.1/",                                // RFC 1918
	"http://172.16.5.4/",                              // RFC 1918
	"http://192.168.1.1/",                             // RFC 1918
	"http://100.64.0.1/",                              // carrier-grade NAT
	"http://0.0.0.0/",                                 // unspecified
	"http://[::]/",                                    // unspecified
	"http://224.0.0.1/",                               // multicast
	"http://[ff02::1]/",                               // IPv6 multicast
	"http://[fd00::1]/",                               // unique local
	"http://255.255.255.255/",                         // broadcast
	"http://198.18.0.1/",                              // benchmarking
	"https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", // Teredo
	"http://metadata.google.internal/computeMetadata/v1/",
	"http://mixed.test/",         // one public and one loopback answer
	"http://internal.test:8080/", // a name for a private address
	"http://127.0.0.1.nip.io/",   // a public-looking name for loopback
	"http://v6private.test/",
	"http://mapped.test/",
	"file:///etc/passwd",
	"gopher://127.0.0.1:25/",
	"ftp://example.com/",
	"http://user:pass@example.com/",
	"http:///no-host",
	"javascript:alert(1)",
}

func TestHostileURLsAreRefused(t *testing.T) {
	g := netguard.New(netguard.Options{Lookup: fakeDNS(hostileNames)})
	client := g.Client()
	for _, raw := range hostileURLs {
		t.Run(raw, func(t *testing.T) {
			if err := g.CheckURL(context.Background(), raw); !errors.Is(err, netguard.ErrRefused) {
				t.Errorf("CheckURL: got %v, want a refusal", err)
			}
			resp, err := client.Get(raw)
			if err == nil {
				resp.Body.Close()
			}
			if !errors.Is(err, netguard.ErrRefused) {
				t.Errorf("Get: got %v, want a refusal", err)
			}
		})
	}
	if len(hostileURLs) < 30 {
		t.Fatalf("only %d hostile URLs", len(hostileURLs))
	}
}

// TestDNSRebindingIsRefusedAtConnect: the name passes the check when saved and resolves to
// loopback when used.
func TestDNSRebindingIsRefusedAtConnect(t *testing.T) {
	var calls atomic.Int32
	lookup := func(_ context.Context, host string) ([]netip.Addr, error) {
		if calls.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	g := netguard.New(netguard.Options{Lookup: lookup})
	if err := g.CheckURL(context.Background(), "http://rebind.test/hook"); err != nil {
		t.Fatalf("CheckURL with a public answer: %v", err)
	}
	_, err := g.Client().Get("http://rebind.test/hook")
	if !errors.Is(err, netguard.ErrRefused) {
		t.Fatalf("Get after rebinding to loopback: got %v, want a refusal", err)
	}
}

func TestDeniedAddresses(t *testing.T) {
	for _, s := range []string{"127.0.0.1", "10.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "fe80::1%eth0"} {
		if !netguard.Denied(netip.MustParseAddr(s)) {
			t.Errorf("Denied(%s) = false, want true", s)
		}
	}
	for _, s := range []string{"93.184.216.34", "2606:4700::1111", "64:ff9b::5db8:d822", "8.8.8.8"} {
		if netguard.Denied(netip.MustParseAddr(s)) {
			t.Errorf("Denied(%s) = true, want false", s)
		}
	}
}

// loopbackGuard may reach 127.0.0.1 only, as an operator allow-list would permit it.
func loopbackGuard(names map[string][]string) *netguard.Guard {
	return netguard.New(netguard.Options{
		Allow:  []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Lookup: fakeDNS(names), MaxResponseBytes: 1024,
	})
}

func TestAllowedDestinationsWork(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	g := loopbackGuard(map[string][]string{"hooks.example.test": {"127.0.0.1"}})
	for _, u := range []string{srv.URL + "/hook", "http://hooks.example.test:" + port + "/hook"} {
		if err := g.CheckURL(context.Background(), u); err != nil {
			t.Errorf("CheckURL(%s): %v", u, err)
		}
		resp, err := g.Client().Get(u)
		if err != nil {
			t.Errorf("Get(%s): %v", u, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "ok" {
			t.Errorf("Get(%s): body %q, want ok", u, body)
		}
	}
}

// TestRedirectsAreChecked: an allowed server redirects to places the guard refuses.
func TestRedirectsAreChecked(t *testing.T) {
	var target atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string), http.StatusFound)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	g := loopbackGuard(map[string][]string{"inside.test": {"10.0.0.7"}})
	for _, to := range []string{
		"http://169.254.169.254/latest/meta-data/iam/",
		"http://[::1]:" + port + "/",
		"http://127.0.0.2:" + port + "/", // loopback, but not the allowed address
		"http://[::ffff:169.254.169.254]/",
		"http://inside.test:" + port + "/",
		"http://2130706433:" + port + "/",
		"file:///etc/passwd",
		"ftp://127.0.0.1/",
		srv.URL + "/again", // a loop: more redirects than allowed
	} {
		target.Store(to)
		resp, err := g.Client().Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, netguard.ErrRefused) {
			t.Errorf("redirect to %s: got %v, want a refusal", to, err)
		}
	}
}

func TestResponseBodyIsCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, 1<<20))
	}))
	defer srv.Close()
	resp, err := loopbackGuard(nil).Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if !errors.Is(err, netguard.ErrTooLarge) || n != 1024 {
		t.Fatalf("reading a 1 MiB body: got %d bytes and %v, want 1024 and ErrTooLarge", n, err)
	}
}
