package kefu

import "time"

// OIDCProvider is an organisation's OpenID Connect single sign-on configuration.
type OIDCProvider struct {
	OrgID string `json:"org_id"`
	// Name is shown on the sign-in button: "Sign in with <Name>".
	Name   string `json:"name"`
	Issuer string `json:"issuer"` // discovery is fetched from <Issuer>/.well-known/openid-configuration
	// ClientID and ClientSecret are kefu's credentials at the provider. The secret is sealed at
	// rest by the store and never returned by the API.
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"-"`
	Scopes       []string `json:"scopes"`      // requested besides "openid"
	EmailClaim   string   `json:"email_claim"` // the ID token claim holding the e-mail, usually "email"
	// RoleClaim names a claim (a string or a list of strings, e.g. "groups"); the first value
	// found in RoleMap decides the agent's role. "" = roles are managed in kefu only.
	RoleClaim string          `json:"role_claim"`
	RoleMap   map[string]Role `json:"role_map"`
	// JIT creates an agent on first sign-in, with DefaultRole unless RoleMap says otherwise.
	JIT            bool      `json:"jit"`
	DefaultRole    Role      `json:"default_role"`
	AllowedDomains []string  `json:"allowed_domains"` // e-mail domains allowed to sign in; empty = any
	Enabled        bool      `json:"enabled"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}
