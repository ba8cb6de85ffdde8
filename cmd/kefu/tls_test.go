package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// mustSelfSigned writes a self-signed certificate for 127.0.0.1 and localhost with its key
// into dir and returns the two paths and the certificate.
func mustSelfSigned(t *testing.T, dir, name string) (certPath, keyPath string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	writePEM(t, certPath, "CERTIFICATE", der)
	writePEM(t, keyPath, "PRIVATE KEY", keyDER)
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return certPath, keyPath, cert
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// mustRunTLS boots kefu serving HTTPS with a fresh self-signed certificate, with a client that
// trusts it.
func mustRunTLS(t *testing.T, hstsMaxAge time.Duration) (*testServer, *x509.CertPool) {
	t.Helper()
	cfg := testConfig(t, databases()[0])
	var cert *x509.Certificate
	cfg.TLSCertFile, cfg.TLSKeyFile, cert = mustSelfSigned(t, t.TempDir(), "kefu")
	cfg.HSTSMaxAge = hstsMaxAge
	s := MustRunMain(t, cfg)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	s.client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	return s, pool
}

// handshake connects to addr with TLS versions between min and max and returns the version
// negotiated.
func handshake(addr string, pool *x509.CertPool, minV, maxV uint16) (uint16, error) {
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr,
		&tls.Config{RootCAs: pool, MinVersion: minV, MaxVersion: maxV, ServerName: "127.0.0.1"})
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.ConnectionState().Version, nil
}

// TestServeTLSVersions: with tls_cert_file and tls_key_file the server speaks HTTPS only,
// refuses TLS 1.1, accepts 1.2 and 1.3, and picks 1.3 when the client offers both.
func TestServeTLSVersions(t *testing.T) {
	s, pool := mustRunTLS(t, 0)
	if _, err := handshake(s.Addr(), pool, tls.VersionTLS10, tls.VersionTLS11); err == nil {
		t.Error("TLS 1.1 handshake succeeded, want it refused")
	}
	for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
		if got, err := handshake(s.Addr(), pool, v, v); err != nil || got != v {
			t.Errorf("TLS %s only: negotiated %s, %v", tls.VersionName(v), tls.VersionName(got), err)
		}
	}
	if got, err := handshake(s.Addr(), pool, tls.VersionTLS12, tls.VersionTLS13); err != nil || got != tls.VersionTLS13 {
		t.Errorf("client offering 1.2 and 1.3: negotiated %s, %v; want TLS 1.3", tls.VersionName(got), err)
	}
	resp, err := http.Get("http://" + s.Addr() + "/healthz")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("plain HTTP on the TLS port answered %s", resp.Status)
		}
	}
}

// TestServeTLSHSTSAndRealtime: over HTTPS every response carries Strict-Transport-Security
// with the configured max-age (API and web pages alike), a whole sign-in works with a Secure
// session cookie, and the agent realtime WebSocket works over TLS; with hsts_max_age 0 no header
// is sent.
func TestServeTLSHSTSAndRealtime(t *testing.T) {
	s, pool := mustRunTLS(t, 2*time.Hour)
	for _, path := range []string{"/healthz", "/api/v1/setup", "/"} {
		if got := s.do("GET", path, "", nil).Header.Get("Strict-Transport-Security"); got != "max-age=7200" {
			t.Errorf("GET %s: Strict-Transport-Security %q, want max-age=7200", path, got)
		}
	}
	o := s.mustSetupOrg("TLS")
	var me struct {
		Agent struct {
			Email string `json:"email"`
		} `json:"agent"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens["agent"], nil).JSON(t, &me)
	login := s.mustDo(200, "POST", "/api/v1/auth/login", "", map[string]string{"email": me.Agent.Email, "password": "password-1"})
	if c := login.Header.Get("Set-Cookie"); !strings.Contains(c, "Secure") {
		t.Errorf("session cookie over HTTPS without public_url: %q, want Secure", c)
	}
	dialer := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}, HandshakeTimeout: 5 * time.Second}
	ws, _, err := dialer.Dial((&url.URL{Scheme: "wss", Host: s.Addr(), Path: "/api/v1/ws"}).String(), nil)
	if err != nil {
		t.Fatalf("dial wss: %v", err)
	}
	defer ws.Close()
	if err := ws.WriteJSON(map[string]any{"type": "hello", "token": o.Tokens["agent"]}); err != nil {
		t.Fatal(err)
	}
	readUntil(t, ws, 5*time.Second, func(f frame) bool { return f.str("type") == "welcome" })

	off, _ := mustRunTLS(t, 0)
	if got := off.do("GET", "/healthz", "", nil).Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("hsts_max_age 0: Strict-Transport-Security %q, want none", got)
	}
	if got := MustRunSQLite(t).do("GET", "/healthz", "", nil).Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain HTTP: Strict-Transport-Security %q, want none", got)
	}
}

// TestTLSCertificateReload: a renewed certificate written over the files is served without a
// restart, and a broken pair at start is refused with the paths named.
func TestTLSCertificateReload(t *testing.T) {
	dir := t.TempDir()
	certPath, keyPath, first := mustSelfSigned(t, dir, "kefu")
	c, err := newCertFiles(certPath, keyPath)
	if err != nil {
		t.Fatal(err)
	}
	_, _, renewed := mustSelfSigned(t, dir, "kefu")
	later := time.Now().Add(time.Minute)
	for _, p := range []string{certPath, keyPath} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	c.checked = time.Time{} // as if the minute between checks had passed
	got, _ := c.get(nil)
	if leaf, err := x509.ParseCertificate(got.Certificate[0]); err != nil || leaf.SerialNumber.Cmp(renewed.SerialNumber) != 0 || leaf.SerialNumber.Cmp(first.SerialNumber) == 0 {
		t.Errorf("served serial %v after renewal, want the renewed %v", leaf.SerialNumber, renewed.SerialNumber)
	}
	_, otherKey, _ := mustSelfSigned(t, t.TempDir(), "other")
	if _, err := newCertFiles(certPath, otherKey); err == nil || !strings.Contains(err.Error(), certPath) {
		t.Errorf("a certificate with another's key: err %v, want a refusal naming the files", err)
	}
}

// TestACMEWiring checks the ACME setup against a stand-in CA that answers every request with
// an error (pebble is not run in-process: see docs/security.md): the HTTP-01 listener redirects
// ordinary requests to HTTPS and takes challenge paths, a handshake for a host outside
// acme_domains is refused without asking the CA, and one for a configured host asks the CA at
// the configured directory URL.
func TestACMEWiring(t *testing.T) {
	var asked atomic.Int64
	ca := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.Error(w, "stand-in CA", http.StatusNotFound) // a 5xx would be retried for minutes
	}))
	defer ca.Close()
	cfg := testConfig(t, databases()[0])
	cfg.ACMEDomains, cfg.ACMEDirectoryURL, cfg.ACMEHTTPAddr = []string{"kefu.test"}, ca.URL+"/directory", "127.0.0.1:0"
	s := MustRunMain(t, cfg)

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", "http://"+s.acmeAddr.String()+"/chat/x?y=1", nil)
	req.Host = "kefu.test"
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || loc != "https://kefu.test/chat/x?y=1" {
		t.Errorf("plain HTTP request: %s to %q, want a redirect to https://kefu.test/chat/x?y=1", resp.Status, loc)
	}
	req, _ = http.NewRequest("GET", "http://"+s.acmeAddr.String()+"/.well-known/acme-challenge/unknown-token", nil)
	req.Host = "kefu.test"
	if resp, err = noRedirect.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 == 3 {
		t.Errorf("challenge path was redirected (%s), want it answered by the ACME handler", resp.Status)
	}

	dial := func(host string) error {
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", s.Addr(), &tls.Config{ServerName: host, InsecureSkipVerify: true})
		if err == nil {
			c.Close()
		}
		return err
	}
	if err := dial("elsewhere.test"); err == nil || asked.Load() != 0 {
		t.Errorf("handshake for a host outside acme_domains: err %v, CA asked %d times; want refused without asking", err, asked.Load())
	}
	if err := dial("kefu.test"); err == nil || asked.Load() == 0 {
		t.Errorf("handshake for kefu.test: err %v, CA asked %d times; want the configured CA asked", err, asked.Load())
	}
}
