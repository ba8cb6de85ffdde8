package sso

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestMappedRole: the first role-claim value found in the map decides; strings and lists both
// work; nothing found falls back to the default role.
func TestMappedRole(t *testing.T) {
	p := &kefu.OIDCProvider{RoleClaim: "groups", DefaultRole: kefu.RoleAgent,
		RoleMap: map[string]kefu.Role{"sup": kefu.RoleSupervisor, "adm": kefu.RoleAdmin}}
	cases := []struct {
		claim  any
		want   kefu.Role
		mapped bool
	}{
		{[]any{"other", "adm", "sup"}, kefu.RoleAdmin, true},
		{"sup", kefu.RoleSupervisor, true},
		{[]any{"other", 3}, kefu.RoleAgent, false},
		{nil, kefu.RoleAgent, false},
	}
	for _, c := range cases {
		got, mapped := mappedRole(p, map[string]any{"groups": c.claim})
		if got != c.want || mapped != c.mapped {
			t.Errorf("groups %v: got %s %v, want %s %v", c.claim, got, mapped, c.want, c.mapped)
		}
	}
}

// TestEmailOf: the configured claim, lower-cased; unverified addresses and other domains are
// refused.
func TestEmailOf(t *testing.T) {
	p := &kefu.OIDCProvider{EmailClaim: "mail", AllowedDomains: []string{"example.com"}}
	if got, err := emailOf(p, map[string]any{"mail": " Li@Example.com "}); err != nil || got != "li@example.com" {
		t.Errorf("got %q, %v", got, err)
	}
	for what, claims := range map[string]map[string]any{
		"no claim":     {"email": "li@example.com"},
		"unverified":   {"mail": "li@example.com", "email_verified": false},
		"other domain": {"mail": "li@evil.example"},
		"no domain":    {"mail": "li@"},
	} {
		if _, err := emailOf(p, claims); kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
			t.Errorf("%s: got %v, want unauthenticated", what, err)
		}
	}
}

// TestClean: defaults are filled, lists normalised, and owner is never grantable.
func TestClean(t *testing.T) {
	p := kefu.OIDCProvider{Name: " IdP ", Issuer: "https://id.example.com/", ClientID: "c",
		Scopes: []string{"openid", " groups ", "groups"}, AllowedDomains: []string{"@Example.COM", ""}}
	if err := clean(&p); err != nil {
		t.Fatal(err)
	}
	if p.Issuer != "https://id.example.com" || p.EmailClaim != "email" || p.DefaultRole != kefu.RoleAgent ||
		len(p.Scopes) != 2 || p.Scopes[0] != "groups" || p.Scopes[1] != "email" ||
		len(p.AllowedDomains) != 1 || p.AllowedDomains[0] != "example.com" {
		t.Fatalf("cleaned: %+v", p)
	}
	for what, bad := range map[string]kefu.OIDCProvider{
		"owner default": {Name: "x", Issuer: "https://x", ClientID: "c", DefaultRole: kefu.RoleOwner},
		"owner mapping": {Name: "x", Issuer: "https://x", ClientID: "c", RoleMap: map[string]kefu.Role{"g": kefu.RoleOwner}},
		"bad issuer":    {Name: "x", Issuer: "ftp://x", ClientID: "c"},
		"no client":     {Name: "x", Issuer: "https://x"},
	} {
		if err := clean(&bad); kefu.ErrorCode(err) != kefu.CodeInvalid {
			t.Errorf("%s: got %v, want invalid_input", what, err)
		}
	}
}
