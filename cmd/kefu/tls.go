package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"
)

// newTLSConfig is the server's TLS policy: TLS 1.2 at least, 1.3 whenever the client offers it
// (its suites are fixed by Go and all modern), and for 1.2 only forward-secret AEAD suites.
func newTLSConfig(getCert func(*tls.ClientHelloInfo) (*tls.Certificate, error)) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
		},
		GetCertificate: getCert,
		NextProtos:     []string{"h2", "http/1.1"},
	}
}

// setupTLS makes the server speak HTTPS when the config says so: with the operator's files, or
// with certificates obtained over ACME, whose challenge listener (which also redirects plain
// HTTP to HTTPS) it starts as a worker. Plain HTTP when neither is configured.
func (m *Main) setupTLS(workCtx context.Context) error {
	switch m.Config.TLSMode() {
	case "files":
		certs, err := newCertFiles(m.Config.TLSCertFile, m.Config.TLSKeyFile)
		if err != nil {
			return err
		}
		m.httpSrv.TLSConfig = newTLSConfig(certs.get)
	case "acme":
		mgr := m.acmeManager()
		m.httpSrv.TLSConfig = newTLSConfig(mgr.GetCertificate)
		// TLS-ALPN-01 answers on the HTTPS port too, for CAs that try it first.
		m.httpSrv.TLSConfig.NextProtos = append(m.httpSrv.TLSConfig.NextProtos, acme.ALPNProto)
		return m.startACMEHTTP(workCtx, mgr)
	}
	return nil
}

// acmeManager obtains and renews certificates for the configured domains only, caching them
// (and the account key) in <data_dir>/acme so restarts do not ask the CA again.
func (m *Main) acmeManager() *autocert.Manager {
	cfg := m.Config
	mgr := &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      autocert.DirCache(filepath.Join(cfg.DataDir, "acme")),
		HostPolicy: autocert.HostWhitelist(cfg.ACMEDomains...),
		Email:      cfg.ACMEEmail,
	}
	if cfg.ACMEDirectoryURL != "" {
		mgr.Client = &acme.Client{DirectoryURL: cfg.ACMEDirectoryURL}
	}
	return mgr
}

// startACMEHTTP listens on acme_http_addr for HTTP-01 challenges, redirecting every other
// request to HTTPS, until the server stops.
func (m *Main) startACMEHTTP(workCtx context.Context, mgr *autocert.Manager) error {
	ln, err := net.Listen("tcp", m.Config.ACMEHTTPAddr)
	if err != nil {
		return fmt.Errorf("listen for ACME challenges on %s: %w", m.Config.ACMEHTTPAddr, err)
	}
	m.acmeAddr = ln.Addr()
	srv := newHTTPServer(mgr.HTTPHandler(nil), m.Logger) // nil: redirect to https
	m.workers.Go(func() error {
		<-workCtx.Done()
		return srv.Close()
	})
	m.workers.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	return nil
}

// certFiles serves the operator's certificate, reloading it when either file changes (a
// renewal by certbot or similar), checked at most once a minute.
type certFiles struct {
	certPath, keyPath string

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   time.Time // the newer modification time of the two files when cert was loaded
	checked time.Time
}

// newCertFiles loads the pair once, so a wrong path or a key that does not match fails at start.
func newCertFiles(certPath, keyPath string) (*certFiles, error) {
	c := &certFiles{certPath: certPath, keyPath: keyPath}
	if err := c.load(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *certFiles) load() error {
	stamp, err := c.modTime()
	if err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(c.certPath, c.keyPath)
	if err != nil {
		return fmt.Errorf("load tls_cert_file %s and tls_key_file %s: %w", c.certPath, c.keyPath, err)
	}
	c.cert, c.stamp = &cert, stamp
	return nil
}

// modTime is the newer modification time of the two files.
func (c *certFiles) modTime() (time.Time, error) {
	var newest time.Time
	for _, p := range []string{c.certPath, c.keyPath} {
		info, err := os.Stat(p)
		if err != nil {
			return time.Time{}, fmt.Errorf("tls: %w", err)
		}
		if info.ModTime().After(newest) {
			newest = info.ModTime()
		}
	}
	return newest, nil
}

// get returns the certificate, reloaded first when the files changed; a reload that fails
// (a half-written renewal) keeps the certificate that worked.
func (c *certFiles) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.checked) >= time.Minute {
		c.checked = time.Now()
		if stamp, err := c.modTime(); err == nil && stamp.After(c.stamp) {
			_ = c.load()
		}
	}
	return c.cert, nil
}
