package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/conversation"
)

type boardOutput struct {
	Body *conversation.Board
}

// routingBoard answers the supervisor board: queues per routing target and agents' load.
func (s *server) routingBoard(ctx context.Context, _ *struct{}) (*boardOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b, err := s.Conversations.Board(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &boardOutput{Body: b}, nil
}
