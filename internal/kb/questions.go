package kb

import (
	"context"
	"slices"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// AddQuestion appends question to an article's alternative questions (kb.manage), as an
// update of the article: validated, versioned and audited like any edit. A customer's message
// may span lines; its whitespace is folded to single spaces, as a question is one line. An
// article that has the question already is returned unchanged, so adding it twice is harmless.
func (s *Service) AddQuestion(ctx context.Context, actor kefu.Actor, articleID, question string) (*kefu.Article, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	a, err := s.Get(ctx, actor, articleID)
	if err != nil {
		return nil, err
	}
	q := strings.Join(strings.Fields(question), " ")
	if q == "" {
		return nil, kefu.FieldError("question", "the question is empty")
	}
	if slices.Contains(a.Questions, q) {
		return a, nil
	}
	qs := append(slices.Clone(a.Questions), q)
	return s.Update(ctx, actor, a.ID, Patch{Questions: &qs})
}
