package kb

import (
	"context"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
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
	ix, err := s.current(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return ix.results(q, locale, max(1, min(limit, 20))), nil
}

// PublishedArticle returns a published article of the organisation from the search index; false when
// there is none (a draft, deleted, or another organisation's).
func (s *Service) PublishedArticle(ctx context.Context, orgID, id string) (kefu.Article, bool, error) {
	ix, err := s.current(ctx, orgID)
	if err != nil {
		return kefu.Article{}, false, err
	}
	a, ok := ix.articles[id]
	return a, ok, nil
}
