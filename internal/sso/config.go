package sso

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Limits on a provider's configuration.
const (
	maxNameLen   = 100
	maxFieldLen  = 2048
	maxListItems = 50
)

// ProviderButton is what the sign-in page shows for an organisation's provider.
type ProviderButton struct {
	OrgID string `json:"org_id"`
	Name  string `json:"name"`
}

// Buttons lists the enabled providers, for "Sign in with <name>".
func (s *Service) Buttons(ctx context.Context) ([]ProviderButton, error) {
	ps, err := s.store.ListOIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ProviderButton, 0, len(ps))
	for _, p := range ps {
		out = append(out, ProviderButton{OrgID: p.OrgID, Name: p.Name})
	}
	return out, nil
}

// requireSecurity checks the actor may configure sign-in.
func requireSecurity(actor kefu.Actor) error {
	if !actor.Has(kefu.PermSecurityManage) {
		return kefu.Errorf(kefu.CodeForbidden, "single sign-on settings need the security.manage permission")
	}
	return nil
}

// Provider returns the actor's organisation's provider; its secret is never returned.
func (s *Service) Provider(ctx context.Context, actor kefu.Actor) (*kefu.OIDCProvider, error) {
	if err := requireSecurity(actor); err != nil {
		return nil, err
	}
	p, err := s.store.GetOIDCProvider(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	p.ClientSecret = ""
	return p, nil
}

// SaveProvider validates and stores the actor's organisation's provider. The issuer's
// discovery document is fetched first, so a typo is caught now rather than at sign-in. An
// empty ClientSecret keeps the stored one.
func (s *Service) SaveProvider(ctx context.Context, actor kefu.Actor, p kefu.OIDCProvider) (*kefu.OIDCProvider, error) {
	if err := requireSecurity(actor); err != nil {
		return nil, err
	}
	p.OrgID = actor.OrgID
	if err := clean(&p); err != nil {
		return nil, err
	}
	old, err := s.existing(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	if old == nil && p.ClientSecret == "" {
		return nil, kefu.FieldError("client_secret", "client_secret is required")
	}
	if _, err := oidc.NewProvider(oidc.ClientContext(ctx, s.client), p.Issuer); err != nil {
		return nil, kefu.FieldError("issuer", "could not read the provider's discovery document: %v", err)
	}
	if err := s.store.SaveOIDCProvider(s.within(ctx, actor, ActionProviderSet, auditFields(old), auditFields(&p)), &p); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "sso provider saved", "org_id", actor.OrgID, "agent_id", actor.AgentID, "issuer", p.Issuer)
	return s.Provider(ctx, actor)
}

// existing returns the organisation's provider with its secret left out, or nil when it has
// none.
func (s *Service) existing(ctx context.Context, orgID string) (*kefu.OIDCProvider, error) {
	p, err := s.store.GetOIDCProvider(ctx, orgID)
	if kefu.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.ClientSecret = ""
	return p, nil
}

// DeleteProvider removes the actor's organisation's provider; removing none changes nothing
// and records nothing.
func (s *Service) DeleteProvider(ctx context.Context, actor kefu.Actor) error {
	if err := requireSecurity(actor); err != nil {
		return err
	}
	old, err := s.existing(ctx, actor.OrgID)
	if err != nil || old == nil {
		return err
	}
	return s.store.DeleteOIDCProvider(s.within(ctx, actor, ActionProviderRemoved, auditFields(old), nil), actor.OrgID)
}

// clean trims and checks a provider's fields and fills defaults.
func clean(p *kefu.OIDCProvider) error {
	p.Name, p.Issuer, p.ClientID = strings.TrimSpace(p.Name), strings.TrimRight(strings.TrimSpace(p.Issuer), "/"), strings.TrimSpace(p.ClientID)
	p.EmailClaim, p.RoleClaim = cmp.Or(strings.TrimSpace(p.EmailClaim), "email"), strings.TrimSpace(p.RoleClaim)
	p.DefaultRole = cmp.Or(p.DefaultRole, kefu.RoleAgent)
	switch {
	case p.Name == "" || len(p.Name) > maxNameLen:
		return kefu.FieldError("name", "name is required, at most %d characters", maxNameLen)
	case !validIssuer(p.Issuer):
		return kefu.FieldError("issuer", "issuer must be an http(s) URL without query or fragment")
	case p.ClientID == "" || len(p.ClientID) > maxFieldLen || len(p.ClientSecret) > maxFieldLen:
		return kefu.FieldError("client_id", "client_id is required")
	case !assignable(p.DefaultRole):
		return kefu.FieldError("default_role", "default_role must be admin, supervisor or agent")
	}
	if err := cleanRoleMap(p); err != nil {
		return err
	}
	return cleanLists(p)
}

func validIssuer(issuer string) bool {
	u, err := url.Parse(issuer)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		u.RawQuery == "" && u.Fragment == "" && len(issuer) <= maxFieldLen
}

// assignable reports whether SSO may give a role: never owner, which only an owner grants.
func assignable(r kefu.Role) bool { return r.Valid() && r != kefu.RoleOwner }

func cleanRoleMap(p *kefu.OIDCProvider) error {
	if p.RoleMap == nil {
		p.RoleMap = map[string]kefu.Role{}
	}
	if len(p.RoleMap) > maxListItems {
		return kefu.FieldError("role_map", "at most %d entries", maxListItems)
	}
	for v, r := range p.RoleMap {
		if !assignable(r) || v == "" {
			return kefu.FieldError("role_map", "role_map maps claim values to admin, supervisor or agent")
		}
	}
	return nil
}

func cleanLists(p *kefu.OIDCProvider) error {
	p.Scopes = cleanList(p.Scopes, strings.TrimSpace)
	p.AllowedDomains = cleanList(p.AllowedDomains, func(d string) string {
		return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
	})
	if len(p.Scopes) > maxListItems || len(p.AllowedDomains) > maxListItems {
		return kefu.FieldError("scopes", "at most %d scopes and %d domains", maxListItems, maxListItems)
	}
	if !slices.Contains(p.Scopes, "email") {
		p.Scopes = append(p.Scopes, "email")
	}
	return nil
}

// cleanList normalises each item and drops empty ones and "openid" (always requested).
func cleanList(in []string, norm func(string) string) []string {
	out := []string{}
	for _, v := range in {
		if v = norm(v); v != "" && v != oidc.ScopeOpenID && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
