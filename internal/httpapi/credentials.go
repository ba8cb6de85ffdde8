package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// sessionCookie carries the agent session token in browsers. It is HttpOnly, so scripts
// cannot read it, and cookie-authenticated writes must also carry the CSRF token header.
// deviceCookie marks a browser that signed in before, for the sign-in throttle.
const (
	sessionCookie = "kefu_session"
	deviceCookie  = "kefu_device"
	csrfHeader    = "X-CSRF-Token"
)

type ctxKey int

const (
	keyCaller ctxKey = iota
	keyClientIP
	keyBaseURL
	keyOrigin
)

// caller is who made a request, as the credentials said.
type caller struct {
	actor     kefu.Actor
	session   *kefu.Session // set for session logins
	token     string        // the presented secret, for logout
	viaCookie bool
	err       error // credentials were presented but are not valid
}

func withClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, keyClientIP, ip)
}

// withBaseURL records the scheme and host the caller used to reach kefu, for links and
// snippets when no public URL is configured.
func withBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, keyBaseURL, base)
}

func baseURLFrom(ctx context.Context) string {
	base, _ := ctx.Value(keyBaseURL).(string)
	return base
}

func clientIPFrom(ctx context.Context) string {
	ip, _ := ctx.Value(keyClientIP).(string)
	return ip
}

// authenticate resolves the request's credentials — a bearer token (agent session, API token
// or visitor token) or the session cookie — into a caller. Handlers then ask for the kind of
// actor they serve. A cookie-authenticated write without the matching CSRF token is refused here.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := s.resolve(r)
		if c.viaCookie && c.err == nil && unsafeMethod(r.Method) && !auth.CheckCSRF(c.session, r.Header.Get(csrfHeader)) {
			problem.New(kefu.CodeForbidden, "missing or wrong "+csrfHeader+" header").Write(w)
			return
		}
		if holdToEnrolment(w, r, c) {
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyCaller, c)))
	})
}

func (s *server) resolve(r *http.Request) *caller {
	ctx := r.Context()
	if bearer, ok := bearerToken(r); ok {
		c := &caller{token: bearer}
		if strings.HasPrefix(bearer, "kf") { // kfs_ session, kft_ API token
			c.actor, c.session, c.err = s.Auth.Authenticate(ctx, bearer)
		} else {
			c.actor, c.err = s.Auth.AuthenticateVisitor(ctx, bearer)
		}
		return c
	}
	if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value != "" {
		c := &caller{token: ck.Value, viaCookie: true}
		c.actor, c.session, c.err = s.Auth.Authenticate(ctx, ck.Value)
		return c
	}
	return &caller{}
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func callerFrom(ctx context.Context) *caller {
	if c, ok := ctx.Value(keyCaller).(*caller); ok {
		return c
	}
	return &caller{}
}

var errUnauthenticated = kefu.Errorf(kefu.CodeUnauthenticated, "sign in first: send a valid bearer token or session cookie")

// agentFrom returns the signed-in agent (or API token) behind a request.
func agentFrom(ctx context.Context) (kefu.Actor, error) {
	c := callerFrom(ctx)
	if c.err != nil || !c.actor.IsAgent() {
		return kefu.Actor{}, errUnauthenticated
	}
	return c.actor, nil
}

// visitorFrom returns the widget visitor behind a request.
func visitorFrom(ctx context.Context) (kefu.Actor, error) {
	c := callerFrom(ctx)
	if c.err != nil || !c.actor.IsVisitor() {
		return kefu.Actor{}, kefu.Errorf(kefu.CodeUnauthenticated, "open a visitor session first: send its token as a bearer token")
	}
	return c.actor, nil
}
