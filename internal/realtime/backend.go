package realtime

import (
	"context"
	"net/http"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// errResyncRequired is what a resume answers when the client's position is not one the server
// can continue from.
var errResyncRequired = kefu.Errorf(kefu.CodeResyncRequired, "cursor is older than the retained events; refetch and reconnect without a cursor")

// Backend is everything realtime needs from the layers beside it: who is connecting, and the
// conversation use cases. Authorisation lives behind it: realtime checks the shape of frames,
// the Backend decides what the actor may do. Errors are *kefu.Error; internal ones are logged by
// realtime without message content.
type Backend interface {
	Auth
	Conversations
}

// Services is a Backend made of its two halves, as cmd/kefu wires them.
type Services struct {
	Auth
	Conversations
}

// Auth decides who a connection is and whether its browser origin may connect.
type Auth interface {
	// AuthenticateAgent resolves an agent from the upgrade request's session cookie when token
	// is "", else from the bearer token (session token or API token). Error: unauthenticated.
	AuthenticateAgent(ctx context.Context, r *http.Request, token string) (kefu.Actor, error)
	// CheckCredential re-validates the credential an agent connection authenticated with, on
	// its keepalive tick: the actor it stands for now, or unauthenticated once it expired or
	// was revoked.
	CheckCredential(ctx context.Context, agent kefu.Actor) (kefu.Actor, error)
	// AuthenticateVisitor resolves a widget visitor from its visitor token.
	AuthenticateVisitor(ctx context.Context, token string) (kefu.Actor, error)
	// AgentOriginAllowed decides the browser Origin of an agent connection ("" when the request
	// carried no Origin header, as non-browser clients do).
	AgentOriginAllowed(r *http.Request, origin string) bool
	// VisitorOriginAllowed decides the browser Origin of a visitor connection, usually from the
	// allowed origins of the visitor's inbox ("" when there was no Origin header).
	VisitorOriginAllowed(ctx context.Context, visitor kefu.Actor, origin string) bool
}

// Conversations is the part of the conversation service a connection uses: the same use cases
// as REST, so a frame can do nothing its REST twin could not. conversation.Service implements
// it as it is.
type Conversations interface {
	// Events returns the agent's organisation's persisted events with Seq > after, ascending,
	// at most limit; an error with code resync_required when after is older than what is
	// retained.
	Events(ctx context.Context, agent kefu.Actor, after int64, limit int) ([]kefu.Event, error)
	// LatestCursor returns the newest persisted event Seq of the agent's organisation.
	LatestCursor(ctx context.Context, agent kefu.Actor) (int64, error)
	// VisitorSync returns, for every conversation of the visitor, a conversation.updated event
	// with the current snapshot followed by the message.created events (non-private) with seq >
	// since[conversationID] (0 when absent), ascending, at least up to the snapshot's LastSeq:
	// the visitor's position then moves to that LastSeq.
	VisitorSync(ctx context.Context, visitor kefu.Actor, since map[string]int64) ([]kefu.Event, error)
	// VisitorMessagesAfter refills a gap seen live: message.created events of the visitor's
	// conversation for non-private messages with seq > after, ascending.
	VisitorMessagesAfter(ctx context.Context, visitor kefu.Actor, conversationID string, after int64) ([]kefu.Event, error)
	// Send posts a message and returns after it is durably committed. A retry with the same
	// (conversation, client message id) returns the original message and duplicate=true.
	Send(ctx context.Context, actor kefu.Actor, req kefu.SendRequest) (m *kefu.Message, duplicate bool, err error)
	// MarkRead moves the actor's side's read receipt of the conversation to seq.
	MarkRead(ctx context.Context, actor kefu.Actor, conversationID string, seq int64) error
	// Typing announces that the actor started or stopped typing. private typing (an agent
	// writing a note) must not reach the contact.
	Typing(ctx context.Context, actor kefu.Actor, conversationID string, typing, private bool) error
}
