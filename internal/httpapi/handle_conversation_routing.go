package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type routingAttributesInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		InquiryType *string `json:"inquiry_type,omitempty" maxLength:"100" doc:"What the customer asks about, e.g. 退款; \"\" clears it"`
		Language    *string `json:"language,omitempty" maxLength:"35" doc:"BCP 47 tag, e.g. zh-CN; \"\" clears it"`
		Region      *string `json:"region,omitempty" maxLength:"100" doc:"e.g. CN-GD; \"\" clears it"`
	}
}

// setRoutingAttributes changes what a conversation is routed by; an unassigned waiting one is
// routed again.
func (s *server) setRoutingAttributes(ctx context.Context, in *routingAttributesInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.SetRoutingAttributes(ctx, actor, in.ID, conversation.RoutingAttributes{
		InquiryType: in.Body.InquiryType, Language: in.Body.Language, Region: in.Body.Region,
	})
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}

type routingDecisionsOutput struct {
	Body struct {
		Decisions []kefu.RoutingDecision `json:"decisions" doc:"Oldest first: why the conversation was queued, overflowed, assigned or taken offline"`
	}
}

// routingDecisions is a conversation's decision log.
func (s *server) routingDecisions(ctx context.Context, in *idInput) (*routingDecisionsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := s.Conversations.RoutingDecisions(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &routingDecisionsOutput{}
	out.Body.Decisions = ds
	return out, nil
}
