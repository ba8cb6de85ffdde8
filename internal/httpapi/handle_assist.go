package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/bot/manage"
)

type assistOutput struct {
	Body *manage.Assist
}

// conversationAssist suggests articles and canned replies for the customer's last message:
// for any agent who can see the conversation.
func (s *server) conversationAssist(ctx context.Context, in *idInput) (*assistOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.BotManage.Assist(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &assistOutput{Body: a}, nil
}
