package httpapi

import (
	"context"
	"net/http"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/realtime"
)

// RealtimeAuth is realtime's Auth: the same credentials as REST (the session cookie, bearer
// tokens, visitor tokens) and the origins the HTTP layer knows, so a WebSocket or SSE client is
// who the same request over REST would be.
type RealtimeAuth struct {
	Auth          *auth.Service
	Conversations *conversation.Service // finds a visitor's inbox for its allowed origins
}

var _ realtime.Auth = (*RealtimeAuth)(nil)

// AuthenticateAgent implements realtime.Auth.
func (b *RealtimeAuth) AuthenticateAgent(ctx context.Context, r *http.Request, token string) (kefu.Actor, error) {
	if token == "" {
		ck, err := r.Cookie(sessionCookie)
		if err != nil {
			return kefu.Actor{}, errUnauthenticated
		}
		token = ck.Value
	}
	actor, _, err := b.Auth.Authenticate(ctx, token)
	if err != nil || !actor.IsAgent() {
		return kefu.Actor{}, errUnauthenticated
	}
	return actor, nil
}

// CheckCredential implements realtime.Auth.
func (b *RealtimeAuth) CheckCredential(ctx context.Context, agent kefu.Actor) (kefu.Actor, error) {
	return b.Auth.CheckCredential(ctx, agent)
}

// AuthenticateVisitor implements realtime.Auth.
func (b *RealtimeAuth) AuthenticateVisitor(ctx context.Context, token string) (kefu.Actor, error) {
	return b.Auth.AuthenticateVisitor(ctx, token)
}

// AgentOriginAllowed lets agents connect only from kefu's own origin, which stops another site
// from riding an agent's session cookie over a WebSocket. Clients without an Origin header are
// not browsers and have no ambient cookie to abuse.
func (b *RealtimeAuth) AgentOriginAllowed(r *http.Request, origin string) bool {
	return origin == "" || origin == baseURLFrom(r.Context())
}

// VisitorOriginAllowed admits kefu's own origin (the widget iframe and chat page) and the
// inbox's allowed origins.
func (b *RealtimeAuth) VisitorOriginAllowed(ctx context.Context, visitor kefu.Actor, origin string) bool {
	if origin == "" || origin == baseURLFrom(ctx) {
		return true
	}
	return checkInboxOrigin(ctx, b.Conversations, visitor, origin) == nil
}
