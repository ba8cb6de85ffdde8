package email

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Viewer is how the email channel checks that an agent may see a conversation;
// conversation.Service satisfies it.
type Viewer interface {
	Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error)
}

// OriginalStore reads kept mails; store.Store satisfies it.
type OriginalStore interface {
	EmailOriginal(ctx context.Context, orgID, conversationID, messageID string) (string, error)
}

// Originals answers agents' "show the original mail": an inbound mail whole, sanitised, quoted
// history included, for the workspace to show in a sandboxed frame.
type Originals struct {
	store  OriginalStore
	viewer Viewer
}

// NewOriginals returns the service.
func NewOriginals(st OriginalStore, viewer Viewer) *Originals {
	return &Originals{store: st, viewer: viewer}
}

// Original returns the sanitised HTML of the mail that message messageID of conversation
// conversationID carries, to an agent who may see the conversation; anyone else, a message
// that is not a mail, or a mail of an inbox that masks personal data, gets not found.
func (o *Originals) Original(ctx context.Context, actor kefu.Actor, conversationID, messageID string) (string, error) {
	if !actor.IsAgent() {
		return "", kefu.ErrNotFound
	}
	c, err := o.viewer.Get(ctx, actor, conversationID)
	if err != nil {
		return "", err
	}
	return o.store.EmailOriginal(ctx, c.OrgID, c.ID, messageID)
}
