package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EmailOriginals reads the whole inbound mail behind a message; email.Originals satisfies it.
type EmailOriginals interface {
	Original(ctx context.Context, actor kefu.Actor, conversationID, messageID string) (string, error)
}

type emailOriginalInput struct {
	ID        string `path:"id" maxLength:"36"`
	MessageID string `path:"message_id" maxLength:"36"`
}

type emailOriginalOutput struct {
	Body struct {
		HTML string `json:"html" doc:"The mail whole, quoted history included, sanitised: no script, style, form or event handler; every image's address moved from src to data-kefu-src, so show it in a sandboxed frame and load images only when the agent asks"`
	}
}

// emailOriginal answers the original of an inbound mail to an agent who may see its
// conversation.
func (s *server) emailOriginal(ctx context.Context, in *emailOriginalInput) (*emailOriginalOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if s.EmailOriginals == nil {
		return nil, kefu.ErrNotFound
	}
	html, err := s.EmailOriginals.Original(ctx, actor, in.ID, in.MessageID)
	if err != nil {
		return nil, err
	}
	out := &emailOriginalOutput{}
	out.Body.HTML = html
	return out, nil
}
