package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/pii"
)

type revealInput struct {
	ID        string `path:"id" maxLength:"36"`
	MessageID string `path:"message_id" maxLength:"36"`
}

type messageOutput struct {
	Body struct {
		Message kefu.Message `json:"message"`
	}
}

// revealMessage answers a message unmasked to an agent with pii.reveal; the reveal is audited.
func (s *server) revealMessage(ctx context.Context, in *revealInput) (*messageOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Conversations.Reveal(ctx, actor, in.ID, in.MessageID)
	if err != nil {
		return nil, err
	}
	out := &messageOutput{}
	out.Body.Message = *m
	return out, nil
}

type piiPatternsBody struct {
	Patterns []pii.PatternSpec `json:"patterns" maxItems:"20" doc:"The organisation's own kinds of personal data, masked like the built-in ones"`
}

type piiPatternsOutput struct {
	Body piiPatternsBody
}

func (s *server) getPIIPatterns(ctx context.Context, _ *struct{}) (*piiPatternsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	specs, err := s.Masking.Patterns(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &piiPatternsOutput{Body: piiPatternsBody{Patterns: specs}}, nil
}

type setPIIPatternsInput struct {
	Body piiPatternsBody
}

func (s *server) setPIIPatterns(ctx context.Context, in *setPIIPatternsInput) (*piiPatternsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	specs, err := s.Masking.SetPatterns(ctx, actor, in.Body.Patterns)
	if err != nil {
		return nil, err
	}
	return &piiPatternsOutput{Body: piiPatternsBody{Patterns: specs}}, nil
}

type testPIIInput struct {
	Body struct {
		Text     string            `json:"text" maxLength:"16384" doc:"Sample text to mask"`
		Patterns []pii.PatternSpec `json:"patterns,omitempty" maxItems:"20" doc:"Patterns to try, saved or not"`
	}
}

type testPIIOutput struct {
	Body masking.TestResult
}

func (s *server) testPII(ctx context.Context, in *testPIIInput) (*testPIIOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.Masking.Test(ctx, actor, in.Body.Text, in.Body.Patterns)
	if err != nil {
		return nil, err
	}
	return &testPIIOutput{Body: *res}, nil
}

// revealContact answers a contact unmasked to an agent with pii.reveal; the reveal is audited.
func (s *server) revealContact(ctx context.Context, in *idInput) (*contactOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Contacts.Reveal(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &contactOutput{Body: c}, nil
}
