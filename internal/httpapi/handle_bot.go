package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The bot in conversations: the visitor's "did this help?" and "talk to a person", and the
// bot's hand-off note for agents.

type widgetBotFeedbackInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		MessageID string `json:"message_id" maxLength:"36" minLength:"1" doc:"The bot's answer the visitor rates"`
		Helpful   bool   `json:"helpful" doc:"true: it helped (the bot thanks and resolves); false: hand over to a person"`
	}
}

func (s *server) widgetBotFeedback(ctx context.Context, in *widgetBotFeedbackInput) (*widgetConversationOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Bot.Feedback(ctx, actor, in.ID, in.Body.MessageID, in.Body.Helpful)
	if err != nil {
		return nil, err
	}
	return &widgetConversationOutput{Body: kefu.NewVisitorConversation(c)}, nil
}

func (s *server) widgetBotHandoff(ctx context.Context, in *idInput) (*widgetConversationOutput, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Bot.RequestPerson(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &widgetConversationOutput{Body: kefu.NewVisitorConversation(c)}, nil
}

type conversationBotOutput struct {
	Body *dialog.Handoff
}

func (s *server) conversationBot(ctx context.Context, in *idInput) (*conversationBotOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	h, err := s.Bot.HandoffNote(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &conversationBotOutput{Body: h}, nil
}
