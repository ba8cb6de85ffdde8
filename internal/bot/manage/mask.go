package manage

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// PII says how an inbox masks personal data for agents; masking.Service satisfies it.
type PII interface {
	Policy(ctx context.Context, orgID, inboxID string) (kefu.PIIPolicy, *pii.Scanner, error)
}

// maskQuestion returns a customer's question as agents see it in its inbox: masked under a
// masking policy. The improvement list is a view of customers' messages like any other, and a
// question added to an article is read by every agent and the bot, so a phone number in it
// never reaches the knowledge base.
func (s *Service) maskQuestion(ctx context.Context, orgID string, q *kefu.UnansweredQuestion) error {
	if s.pii == nil {
		return nil
	}
	policy, scanner, err := s.pii.Policy(ctx, orgID, q.InboxID)
	if err != nil || !policy.Masks() {
		return err
	}
	if scanner == nil {
		scanner = &pii.Scanner{} // the built-in kinds
	}
	q.Question, _ = scanner.Mask(q.Question)
	return nil
}

// maskQuestions masks each question of a page.
func (s *Service) maskQuestions(ctx context.Context, orgID string, qs []kefu.UnansweredQuestion) error {
	for i := range qs {
		if err := s.maskQuestion(ctx, orgID, &qs[i]); err != nil {
			return err
		}
	}
	return nil
}
