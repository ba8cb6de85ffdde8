package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// agentFor returns the agent an ID token's claims name in p's organisation: an existing one
// (its role updated when the role claim maps to another), or a new one when p allows
// just-in-time creation.
func (s *Service) agentFor(ctx context.Context, p *kefu.OIDCProvider, claims map[string]any) (*kefu.Agent, error) {
	email, err := emailOf(p, claims)
	if err != nil {
		return nil, err
	}
	role, mapped := mappedRole(p, claims)
	agent, err := s.store.GetAgentByEmail(ctx, email)
	switch {
	case kefu.IsNotFound(err):
		return s.createAgent(ctx, p, email, claims, role)
	case err != nil:
		return nil, err
	case agent.OrgID != p.OrgID:
		s.log.WarnContext(ctx, "sso e-mail belongs to another organisation", "org_id", p.OrgID)
		return nil, errSignIn("no agent with this e-mail may sign in here")
	}
	if mapped && agent.Role != role && agent.Role != kefu.RoleOwner {
		agent.Role = role
		if err := s.store.UpdateAgent(ctx, agent); err != nil {
			return nil, err
		}
	}
	return agent, nil
}

// emailOf returns the e-mail claim, refusing unverified addresses and domains not allowed.
func emailOf(p *kefu.OIDCProvider, claims map[string]any) (string, error) {
	email, _ := claims[p.EmailClaim].(string)
	email = strings.ToLower(strings.TrimSpace(email))
	_, domain, ok := strings.Cut(email, "@")
	if !ok || domain == "" {
		return "", errSignIn("the sign-in provider sent no e-mail address")
	}
	if verified, present := claims["email_verified"].(bool); present && !verified {
		return "", errSignIn("the e-mail address is not verified at the sign-in provider")
	}
	if len(p.AllowedDomains) > 0 && !slices.Contains(p.AllowedDomains, domain) {
		return "", errSignIn("e-mail addresses of this domain may not sign in here")
	}
	return email, nil
}

// mappedRole returns the role of the first role-claim value found in the role map, else the
// default role and false.
func mappedRole(p *kefu.OIDCProvider, claims map[string]any) (kefu.Role, bool) {
	if p.RoleClaim == "" {
		return p.DefaultRole, false
	}
	var values []string
	switch v := claims[p.RoleClaim].(type) {
	case string:
		values = []string{v}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				values = append(values, s)
			}
		}
	}
	for _, v := range values {
		if r, ok := p.RoleMap[v]; ok {
			return r, true
		}
	}
	return p.DefaultRole, false
}

// createAgent adds the agent of a first SSO sign-in, when p allows it. The agent gets a random
// password nobody knows: they sign in through the provider, or reset it.
func (s *Service) createAgent(ctx context.Context, p *kefu.OIDCProvider, email string, claims map[string]any, role kefu.Role) (*kefu.Agent, error) {
	if !p.JIT {
		return nil, errSignIn("no agent with this e-mail exists here; ask an administrator to invite you")
	}
	name, _ := claims["name"].(string)
	if name = strings.TrimSpace(name); name == "" || len(name) > maxNameLen {
		name, _, _ = strings.Cut(email, "@")
	}
	hash, err := s.hash(ctx, unguessablePassword())
	if err != nil {
		return nil, err // the hasher's own answer: overloaded, or internal
	}
	a := &kefu.Agent{OrgID: p.OrgID, Email: email, Name: name, Role: role, Capacity: kefu.DefaultCapacity,
		PasswordHash: hash, Availability: kefu.Offline}
	if err := s.store.CreateAgent(ctx, a); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "sso agent created", "org_id", p.OrgID, "agent_id", a.ID, "role", role)
	a.PasswordHash = ""
	return a, nil
}

func unguessablePassword() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
