package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/realtime"
)

// RealtimeBackend connects the realtime layer to the services: the same authentication and the
// same use cases as REST, so a WebSocket frame can do nothing its REST twin could not.
type RealtimeBackend struct {
	Auth          *auth.Service
	Conversations *conversation.Service
	Metrics       *Metrics // may be nil
}

var _ realtime.Backend = (*RealtimeBackend)(nil)

// AuthenticateAgent implements realtime.Backend.
func (b *RealtimeBackend) AuthenticateAgent(ctx context.Context, r *http.Request, token string) (kefu.Actor, error) {
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

// AuthenticateVisitor implements realtime.Backend.
func (b *RealtimeBackend) AuthenticateVisitor(ctx context.Context, token string) (kefu.Actor, error) {
	return b.Auth.ParseVisitorToken(token)
}

// AgentOriginAllowed lets agents connect only from kefu's own origin, which stops another site
// from riding an agent's session cookie over a WebSocket. Clients without an Origin header are
// not browsers and have no ambient cookie to abuse.
func (b *RealtimeBackend) AgentOriginAllowed(r *http.Request, origin string) bool {
	return origin == "" || origin == baseURLFrom(r.Context())
}

// VisitorOriginAllowed admits kefu's own origin (the widget iframe and chat page) and the
// inbox's allowed origins.
func (b *RealtimeBackend) VisitorOriginAllowed(ctx context.Context, visitor kefu.Actor, origin string) bool {
	if origin == "" || origin == baseURLFrom(ctx) {
		return true
	}
	inbox, err := b.Conversations.VisitorInbox(ctx, visitor)
	return err == nil && inbox.AllowsOrigin(origin)
}

// ReplayAgent implements realtime.Backend.
func (b *RealtimeBackend) ReplayAgent(ctx context.Context, agent kefu.Actor, after int64, limit int) ([]kefu.Event, error) {
	evs, err := b.Conversations.Events(ctx, agent, after, limit)
	if errors.Is(err, conversation.ErrCursorTooOld) {
		return nil, realtime.ErrResyncRequired
	}
	return evs, err
}

// LatestCursor implements realtime.Backend.
func (b *RealtimeBackend) LatestCursor(ctx context.Context, agent kefu.Actor) (int64, error) {
	return b.Conversations.LatestCursor(ctx, agent)
}

// VisitorSync implements realtime.Backend.
func (b *RealtimeBackend) VisitorSync(ctx context.Context, visitor kefu.Actor, since map[string]int64) ([]kefu.Event, error) {
	return b.Conversations.VisitorSync(ctx, visitor, since)
}

// VisitorMessagesAfter implements realtime.Backend.
func (b *RealtimeBackend) VisitorMessagesAfter(ctx context.Context, visitor kefu.Actor, conversationID string, after int64) ([]kefu.Event, error) {
	return b.Conversations.VisitorMessagesAfter(ctx, visitor, conversationID, after)
}

// Send implements realtime.Backend.
func (b *RealtimeBackend) Send(ctx context.Context, actor kefu.Actor, req realtime.SendRequest) (*kefu.Message, bool, error) {
	started := time.Now()
	m, dup, err := b.Conversations.Send(ctx, actor, conversation.SendRequest{
		ConversationID: req.ConversationID, ClientMsgID: req.ClientMsgID, Content: req.Content,
		Kind: req.Kind, AttachmentIDs: req.AttachmentIDs,
	})
	if err == nil && !dup && b.Metrics != nil {
		b.Metrics.observeSend(string(m.SenderType), "realtime", started)
	}
	return m, dup, err
}

// MarkRead implements realtime.Backend.
func (b *RealtimeBackend) MarkRead(ctx context.Context, actor kefu.Actor, conversationID string, seq int64) error {
	return b.Conversations.MarkRead(ctx, actor, conversationID, seq)
}

// Typing implements realtime.Backend.
func (b *RealtimeBackend) Typing(ctx context.Context, actor kefu.Actor, conversationID string, typing, private bool) error {
	return b.Conversations.Typing(ctx, actor, conversationID, typing, private)
}
