package config

import (
	"net/url"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/keyring"
)

// checkMasterKey wants "" or 32 bytes in base64.
func checkMasterKey(s string) *kefu.Error {
	if s == "" {
		return nil
	}
	if _, err := keyring.ParseKEK(s, "master_key"); err != nil {
		return kefu.FieldError("master_key", "%s", err.Error())
	}
	return nil
}

// checkTLS checks the HTTPS settings: certificate and key together, not with ACME, and ACME's
// own settings only when ACME is on.
func (c Config) checkTLS() []*kefu.Error {
	var errs []*kefu.Error
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		errs = append(errs, kefu.FieldError("tls_cert_file", "tls_cert_file and tls_key_file must be set together"))
	}
	if c.TLSCertFile != "" && len(c.ACMEDomains) > 0 {
		errs = append(errs, kefu.FieldError("acme_domains", "acme_domains and tls_cert_file exclude each other: use your certificate or obtain one, not both"))
	}
	for _, d := range c.ACMEDomains {
		if d == "" || strings.ContainsAny(d, "/:* ") {
			errs = append(errs, kefu.FieldError("acme_domains", "acme_domains: %q is not a host name", d))
		}
	}
	if c.ACMEDirectoryURL != "" {
		if u, err := url.Parse(c.ACMEDirectoryURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, kefu.FieldError("acme_directory_url", "acme_directory_url %q is not an http(s) URL", c.ACMEDirectoryURL))
		}
	}
	if len(c.ACMEDomains) > 0 {
		if e := checkAddr("acme_http_addr", c.ACMEHTTPAddr); e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}
