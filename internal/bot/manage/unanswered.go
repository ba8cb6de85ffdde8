package manage

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MaxUnansweredPage bounds a page of unanswered questions.
const MaxUnansweredPage = 100

// UnansweredQuery selects a page of unanswered questions, newest first. Status "" is open.
type UnansweredQuery struct {
	Status  string
	InboxID string
	Limit   int // 0 = 50
	Cursor  string
}

// UnansweredPage is a page of questions and the cursor of the next ("" after the last).
type UnansweredPage struct {
	Items      []kefu.UnansweredQuestion `json:"items"`
	NextCursor string                    `json:"next_cursor"`
}

// Unanswered lists the questions the bot could not answer (kb.manage): what the knowledge
// base's editors work through.
func (s *Service) Unanswered(ctx context.Context, actor kefu.Actor, q UnansweredQuery) (*UnansweredPage, error) {
	if err := require(actor, kefu.PermKBManage); err != nil {
		return nil, err
	}
	f, err := unansweredFilter(q)
	if err != nil {
		return nil, err
	}
	items, next, err := s.store.ListUnanswered(ctx, actor.OrgID, f)
	if err != nil {
		return nil, err
	}
	if err := s.maskQuestions(ctx, actor.OrgID, items); err != nil {
		return nil, err
	}
	return &UnansweredPage{Items: items, NextCursor: next}, nil
}

// unansweredFilter validates q as a store filter.
func unansweredFilter(q UnansweredQuery) (kefu.UnansweredFilter, error) {
	f := kefu.UnansweredFilter{Status: q.Status, InboxID: q.InboxID, Limit: q.Limit, Cursor: q.Cursor}
	if f.Status == "" {
		f.Status = kefu.UnansweredOpen
	}
	switch {
	case f.Status != kefu.UnansweredOpen && f.Status != kefu.UnansweredAdded && f.Status != kefu.UnansweredDismissed:
		return f, kefu.FieldError("status", "status must be open, added or dismissed")
	case f.InboxID != "" && !kefu.ValidID(f.InboxID):
		return f, kefu.FieldError("inbox_id", "inbox_id must be an inbox's id")
	case f.Limit < 0 || f.Limit > MaxUnansweredPage:
		return f, kefu.FieldError("limit", "limit must be 1 to %d", MaxUnansweredPage)
	}
	return f, nil
}

// AddUnanswered adds an open question, as agents see it (masked), to an article's alternative
// questions and marks it added (kb.manage). The article changes first, through the knowledge
// base (validated, versioned, audited), then the question: if the second step fails, the
// question stays open and adding it again is harmless, as the article has it already.
func (s *Service) AddUnanswered(ctx context.Context, actor kefu.Actor, id, articleID string) (*kefu.UnansweredQuestion, error) {
	q, err := s.openQuestion(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if articleID == "" {
		return nil, kefu.FieldError("article_id", "article_id is required")
	}
	if _, err := s.kb.AddQuestion(ctx, actor, articleID, q.Question); err != nil {
		return nil, err
	}
	after := map[string]any{"status": kefu.UnansweredAdded, "article_id": articleID}
	audited := s.within(ctx, actor, ActionQuestionAdded, "bot_question", q.ID, map[string]any{"status": q.Status}, after)
	return s.setStatus(audited, actor.OrgID, q.ID, kefu.UnansweredAdded)
}

// DismissUnanswered marks an open question as needing nothing (kb.manage).
func (s *Service) DismissUnanswered(ctx context.Context, actor kefu.Actor, id string) (*kefu.UnansweredQuestion, error) {
	q, err := s.openQuestion(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	audited := s.within(ctx, actor, ActionQuestionDismissed, "bot_question", q.ID,
		map[string]any{"status": q.Status}, map[string]any{"status": kefu.UnansweredDismissed})
	return s.setStatus(audited, actor.OrgID, q.ID, kefu.UnansweredDismissed)
}

// setStatus moves an open question to status and returns it as agents see it.
func (s *Service) setStatus(ctx context.Context, orgID, id, status string) (*kefu.UnansweredQuestion, error) {
	q, err := s.store.SetUnansweredStatus(ctx, orgID, id, status)
	if err != nil {
		return nil, err
	}
	return q, s.maskQuestion(ctx, orgID, q)
}

// openQuestion loads a question an editor may act on: not found outside the organisation,
// already_handled once someone added or dismissed it.
func (s *Service) openQuestion(ctx context.Context, actor kefu.Actor, id string) (*kefu.UnansweredQuestion, error) {
	if err := require(actor, kefu.PermKBManage); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	q, err := s.store.GetUnanswered(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if err := s.maskQuestion(ctx, actor.OrgID, q); err != nil {
		return nil, err
	}
	if q.Status != kefu.UnansweredOpen {
		return nil, kefu.Errorf(kefu.CodeAlreadyHandled, "this question was %s already", q.Status)
	}
	return q, nil
}
