package kb

import (
	"context"
	"strings"
)

// What the bot reads of the knowledge base: it answers in a conversation, not as an agent, so
// it searches the conversation's organisation directly and takes articles as plain text
// (channels without HTML, and the widget, which shows bot text as text).

// BotSearch finds the published articles answering q in the organisation, best first, for the
// bot; locale "" searches all. q is cut to MaxQuery bytes rather than refused: a customer's
// long message still gets an answer.
func (s *Service) BotSearch(ctx context.Context, orgID, q, locale string, limit int) ([]Result, error) {
	q = strings.ToValidUTF8(strings.TrimSpace(q), "")
	if q == "" {
		return []Result{}, nil
	}
	if len(q) > MaxQuery {
		q = strings.ToValidUTF8(q[:MaxQuery], "")
	}
	return s.search(ctx, orgID, q, locale, limit)
}
