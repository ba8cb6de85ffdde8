package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

// foreignOrigin is the browser Origin of a request when it is neither absent nor kefu's own:
// the widget iframe and chat page run on kefu's origin, so only a page of another site calling
// the visitor API directly has one. Server-to-server calls send no Origin and are not browsers
// that a site owner's allowed_origins could be meant to restrict.
func foreignOrigin(r *http.Request) string {
	origin := r.Header.Get("Origin")
	if origin == "" || origin == baseURLFrom(r.Context()) {
		return ""
	}
	return origin
}

// visitorOrigins enforces the inbox's allowed_origins on the visitor REST API for requests with
// a visitor token, the same rule realtime applies to its streams. The two endpoints that take a
// widget key instead (config, sessions) check it in their handlers, which find the inbox.
func (s *server) visitorOrigins(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := foreignOrigin(r)
		if origin == "" || !strings.HasPrefix(r.URL.Path, "/api/v1/widget/") {
			next.ServeHTTP(w, r)
			return
		}
		ctx := withOrigin(r.Context(), origin)
		if err := s.checkVisitorOrigin(ctx, origin); err != nil {
			problem.From(s.log, err).Write(w)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// checkVisitorOrigin checks origin against the inbox of the request's visitor token; requests
// without one are left to their handlers, which refuse them or check the widget key's inbox.
func (s *server) checkVisitorOrigin(ctx context.Context, origin string) error {
	c := callerFrom(ctx)
	if c.err != nil || !c.actor.IsVisitor() {
		return nil
	}
	return checkInboxOrigin(ctx, s.Conversations, c.actor, origin)
}

// checkInboxOrigin refuses a browser origin the visitor's inbox does not allow: the one rule
// for the visitor REST API and the visitor streams (RealtimeAuth).
func checkInboxOrigin(ctx context.Context, convs *conversation.Service, visitor kefu.Actor, origin string) error {
	inbox, err := convs.VisitorInbox(ctx, visitor)
	if err != nil {
		return err
	}
	return inbox.CheckOrigin(origin)
}

// withOrigin records a request's foreign browser origin for handlers that check it themselves.
func withOrigin(ctx context.Context, origin string) context.Context {
	return context.WithValue(ctx, keyOrigin, origin)
}

// originFrom is the request's foreign browser origin, "" when it has none.
func originFrom(ctx context.Context) string {
	origin, _ := ctx.Value(keyOrigin).(string)
	return origin
}
