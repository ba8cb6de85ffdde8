package apichannel

import (
	"context"
	"net"
	"net/netip"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// fieldCallback names the callback URL in validation errors.
const fieldCallback = "config.api.callback_url"

// Configure implements channel.Configurer: an API inbox needs a callback URL kefu may reach
// (https, or http into a range the operator allows) and a signing secret, generated here when
// none is given or kept. After Configure, next.Secrets.APISecret holds the secret: the inbox
// API shows it once in the answer to the create (POST /api/v1/inboxes/{id}/api-secret/rotate
// replaces it later).
func (a *Adapter) Configure(ctx context.Context, next, prev *kefu.Inbox) error {
	if next.Config.API == nil || next.Config.API.CallbackURL == "" {
		return kefu.FieldError(fieldCallback, "an API inbox needs config.api.callback_url, where kefu posts agents' replies")
	}
	if err := a.checkCallback(ctx, next.Config.API.CallbackURL); err != nil {
		return err
	}
	return fillSecret(next, prev)
}

// fillSecret keeps a given well-formed secret, or prev's, or generates one.
func fillSecret(next, prev *kefu.Inbox) error {
	s := &next.Secrets.APISecret
	switch {
	case *s != "" && !ValidSecret(*s):
		return kefu.FieldError("secrets.api_secret", "api_secret must be \"whsec_\" and 24 to 64 bytes in base64; leave it empty for kefu to generate one")
	case *s == "" && prev != nil && prev.Secrets.APISecret != "":
		*s = prev.Secrets.APISecret
	case *s == "":
		*s = NewSecret()
	}
	return nil
}

// checkCallback refuses a callback URL the SSRF guard refuses, and plain http outside the
// operator's allowed ranges: replies carry customers' conversations. The guard checks again
// at every delivery, so a name that later resolves elsewhere is still refused.
func (a *Adapter) checkCallback(ctx context.Context, raw string) error {
	u, err := netguard.ParseURL(raw)
	if err != nil {
		return kefu.FieldError(fieldCallback, "%s", err.Error())
	}
	if u.Scheme == "http" && !a.httpAllowed(ctx, u.Hostname()) {
		return kefu.FieldError(fieldCallback, "the callback URL must be https (plain http only to addresses the operator lists in outbound_allow)")
	}
	if err := a.opts.Guard.CheckURL(ctx, raw); err != nil {
		return kefu.FieldError(fieldCallback, "%s (an operator allows internal addresses with outbound_allow)", err.Error())
	}
	return nil
}

// httpAllowed reports whether every address host resolves to is in an operator-allowed range.
func (a *Adapter) httpAllowed(ctx context.Context, host string) bool {
	addrs, err := lookup(ctx, host)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, ip := range addrs {
		if !inRanges(a.opts.HTTPAllowed, ip.Unmap()) {
			return false
		}
	}
	return true
}

func lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

func inRanges(ranges []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ranges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
