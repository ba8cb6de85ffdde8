package conversation

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Rate stores the visitor's satisfaction rating of their resolved conversation. Rating again
// replaces the earlier rating: a customer may change their mind.
func (s *Service) Rate(ctx context.Context, actor kefu.Actor, id string, score int, comment string) (*kefu.Conversation, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	comment = strings.TrimSpace(comment)
	switch {
	case score < kefu.MinRatingScore || score > kefu.MaxRatingScore:
		return nil, kefu.FieldError("score", "score must be 1 to 5")
	case !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > kefu.MaxRatingComment:
		return nil, kefu.FieldError("comment", "comment must be text of at most %d characters", kefu.MaxRatingComment)
	case strings.ContainsRune(comment, 0):
		return nil, kefu.FieldError("comment", "comment must not contain NUL characters")
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if c.Status != kefu.StatusResolved {
			return nil, kefu.Errorf(kefu.CodeConflict, "a conversation can be rated once it is resolved")
		}
		c.Rating = &kefu.Rating{Score: score, Comment: comment, RatedAt: s.now()}
		return nil, nil
	})
}
