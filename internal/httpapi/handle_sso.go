package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
	"github.com/kefu-dev/kefu/internal/sso"
)

// ssoFlowCookie carries a single sign-on flow between leaving for the provider and coming back.
const ssoFlowCookie = "kefu_sso"

// ssoFlowPath scopes the flow cookie to the SSO endpoints.
const ssoFlowPath = "/api/v1/auth/sso"

type ssoButtonsOutput struct {
	Body struct {
		Providers []sso.ProviderButton `json:"providers" doc:"Show \"Sign in with <name>\" for each"`
	}
}

func (s *server) ssoButtons(ctx context.Context, _ *struct{}) (*ssoButtonsOutput, error) {
	out := &ssoButtonsOutput{}
	out.Body.Providers = []sso.ProviderButton{}
	if s.SSO == nil {
		return out, nil
	}
	ps, err := s.SSO.Buttons(ctx)
	out.Body.Providers = ps
	return out, err
}

type redirectOutput struct {
	Status    int
	Location  string        `header:"Location"`
	SetCookie []http.Cookie `header:"Set-Cookie"`
}

type ssoStartInput struct {
	Org string `path:"org" maxLength:"64" doc:"The organisation whose provider to sign in with"`
}

// ssoStart sends the browser to the provider, remembering the flow in a cookie.
func (s *server) ssoStart(ctx context.Context, in *ssoStartInput) (*redirectOutput, error) {
	if s.SSO == nil {
		return nil, kefu.ErrNotFound
	}
	st, err := s.SSO.Start(ctx, in.Org, s.publicBase(ctx))
	if err != nil {
		return nil, err
	}
	return &redirectOutput{Status: http.StatusFound, Location: st.AuthURL,
		SetCookie: []http.Cookie{s.flowCookie(st.Cookie, time.Now().Add(10*time.Minute))}}, nil
}

type ssoCallbackInput struct {
	UserAgent string `header:"User-Agent"`
	Flow      string `cookie:"kefu_sso" doc:"Set by the start endpoint"`
	Code      string `query:"code" maxLength:"2048"`
	State     string `query:"state" maxLength:"256"`
	Error     string `query:"error" maxLength:"256" doc:"Set by the provider when the user or provider refused"`
}

// ssoCallback finishes the sign-in and sends the browser to the workspace, or back to the
// sign-in page with the reason.
func (s *server) ssoCallback(ctx context.Context, in *ssoCallbackInput) (*redirectOutput, error) {
	out := &redirectOutput{Status: http.StatusFound, SetCookie: []http.Cookie{s.flowCookie("", time.Unix(0, 0))}}
	if s.SSO == nil {
		return nil, kefu.ErrNotFound
	}
	if in.Error != "" {
		out.Location = "/login?sso_error=" + url.QueryEscape("the sign-in provider refused: "+in.Error)
		return out, nil
	}
	client := auth.SessionClient{IP: clientIPFrom(ctx), UserAgent: in.UserAgent}
	token, sess, err := s.SSO.Callback(ctx, in.Flow, in.State, in.Code, s.publicBase(ctx), client)
	if err != nil {
		out.Location = "/login?sso_error=" + url.QueryEscape(problem.From(s.log, err).Detail)
		return out, nil
	}
	out.Location = "/"
	out.SetCookie = append(out.SetCookie, s.sessionCookie(token, sess.ExpiresAt))
	return out, nil
}

// publicBase is kefu's URL as the browser reaches it: the configured public URL, else the
// request's.
func (s *server) publicBase(ctx context.Context) string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	return baseURLFrom(ctx)
}

func (s *server) flowCookie(value string, expires time.Time) http.Cookie {
	c := http.Cookie{Name: ssoFlowCookie, Value: value, Path: ssoFlowPath, Expires: expires, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(s.PublicURL, "https://")}
	if value == "" {
		c.MaxAge = -1
	}
	return c
}

type ssoProviderBody struct {
	Name           string               `json:"name" maxLength:"100" doc:"Shown as \"Sign in with <name>\""`
	Issuer         string               `json:"issuer" maxLength:"2048" doc:"Issuer URL; discovery is read from <issuer>/.well-known/openid-configuration"`
	ClientID       string               `json:"client_id" maxLength:"2048"`
	ClientSecret   string               `json:"client_secret,omitempty" maxLength:"2048" doc:"Write-only; empty keeps the stored secret"`
	Scopes         []string             `json:"scopes,omitempty" maxItems:"50" doc:"Requested besides openid; email is always added"`
	EmailClaim     string               `json:"email_claim,omitempty" maxLength:"100" doc:"Default email"`
	RoleClaim      string               `json:"role_claim,omitempty" maxLength:"100" doc:"A claim such as groups; empty = roles are managed in kefu"`
	RoleMap        map[string]kefu.Role `json:"role_map,omitempty" doc:"Claim value → role (admin, supervisor or agent)"`
	JIT            bool                 `json:"jit,omitempty" doc:"Create agents on first sign-in"`
	DefaultRole    kefu.Role            `json:"default_role,omitempty" doc:"Role of agents created on first sign-in; default agent"`
	AllowedDomains []string             `json:"allowed_domains,omitempty" maxItems:"50" doc:"E-mail domains allowed; empty = any"`
	Enabled        bool                 `json:"enabled" doc:"Show the button and accept sign-ins"`
}

type ssoProviderInput struct {
	Body ssoProviderBody
}

type ssoProviderOutput struct {
	Body *kefu.OIDCProvider
}

func (s *server) getSSOProvider(ctx context.Context, _ *struct{}) (*ssoProviderOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if s.SSO == nil {
		return nil, kefu.ErrNotFound
	}
	p, err := s.SSO.Provider(ctx, actor)
	return &ssoProviderOutput{Body: p}, err
}

func (s *server) putSSOProvider(ctx context.Context, in *ssoProviderInput) (*ssoProviderOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if s.SSO == nil {
		return nil, kefu.ErrNotFound
	}
	b := in.Body
	p, err := s.SSO.SaveProvider(ctx, actor, kefu.OIDCProvider{
		Name: b.Name, Issuer: b.Issuer, ClientID: b.ClientID, ClientSecret: b.ClientSecret, Scopes: b.Scopes,
		EmailClaim: b.EmailClaim, RoleClaim: b.RoleClaim, RoleMap: b.RoleMap, JIT: b.JIT, DefaultRole: b.DefaultRole,
		AllowedDomains: b.AllowedDomains, Enabled: b.Enabled,
	})
	return &ssoProviderOutput{Body: p}, err
}

func (s *server) deleteSSOProvider(ctx context.Context, _ *struct{}) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if s.SSO == nil {
		return nil, kefu.ErrNotFound
	}
	return nil, s.SSO.DeleteProvider(ctx, actor)
}
