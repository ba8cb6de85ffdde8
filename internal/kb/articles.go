package kb

import (
	"context"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Input is a new article. ID may name it (a slug such as "refund-policy"); empty generates one.
// Status defaults to draft, Locale to zh-CN.
type Input struct {
	ID string
	Patch
}

// List returns the organisation's articles matching f: editors see drafts too, other members
// only published articles.
func (s *Service) List(ctx context.Context, actor kefu.Actor, f kefu.ArticleFilter) ([]kefu.Article, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if err := checkFilter(&f, actor); err != nil {
		return nil, err
	}
	return s.store.ListArticles(ctx, actor.OrgID, f)
}

// checkFilter validates a listing filter and narrows it to published articles for readers.
func checkFilter(f *kefu.ArticleFilter, actor kefu.Actor) error {
	probe := kefu.Article{}
	p := Patch{Category: &f.Category}
	if f.Status != "" {
		p.Status = &f.Status
	}
	if f.Locale != "" {
		p.Locale = &f.Locale
	}
	if err := apply(&probe, p); err != nil {
		return err
	}
	f.Category = probe.Category
	if !actor.Has(kefu.PermKBManage) {
		if f.Status == kefu.ArticleDraft {
			return kefu.Errorf(kefu.CodeForbidden, "drafts need the %s permission", kefu.PermKBManage)
		}
		f.Status = kefu.ArticlePublished
	}
	return nil
}

// Categories lists the distinct categories the organisation's articles use.
func (s *Service) Categories(ctx context.Context, actor kefu.Actor) ([]string, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.ArticleCategories(ctx, actor.OrgID)
}

// Get returns an article: a draft only to editors.
func (s *Service) Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Article, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidArticleID(id) {
		return nil, kefu.ErrNotFound
	}
	a, err := s.store.GetArticle(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if !a.Published() && !actor.Has(kefu.PermKBManage) {
		return nil, kefu.ErrNotFound
	}
	return a, nil
}

// Create saves a new article (kb.manage).
func (s *Service) Create(ctx context.Context, actor kefu.Actor, in Input) (*kefu.Article, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	a, err := newArticle(actor, in)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateArticle(s.within(ctx, actor, ActionArticleCreated, a.ID, nil, auditFields(a)), a); err != nil {
		return nil, err
	}
	return a, nil
}

// newArticle validates in as a new article of the actor's organisation.
func newArticle(actor kefu.Actor, in Input) (*kefu.Article, error) {
	a := &kefu.Article{OrgID: actor.OrgID, ID: in.ID, Locale: kefu.LocaleZhCN, Status: kefu.ArticleDraft, Questions: []string{}, UpdatedBy: actor.AgentID}
	if a.ID == "" {
		a.ID = uuid.Must(uuid.NewV7()).String()
	}
	if !kefu.ValidArticleID(a.ID) {
		return nil, kefu.FieldError("id", "id must be 1 to %d of A-Z, a-z, 0-9, '.', '_' and '-'", kefu.MaxArticleID)
	}
	if in.Title == nil || in.Body == nil {
		field := "title"
		if in.Title != nil {
			field = "body"
		}
		return nil, kefu.FieldError(field, "%s is required", field)
	}
	return a, apply(a, in.Patch)
}

// Update changes an article (kb.manage).
func (s *Service) Update(ctx context.Context, actor kefu.Actor, id string, p Patch) (*kefu.Article, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was := auditFields(a)
	if err := apply(a, p); err != nil {
		return nil, err
	}
	a.UpdatedBy = actor.AgentID
	if err := s.store.UpdateArticle(s.within(ctx, actor, ActionArticleUpdated, a.ID, was, auditFields(a)), a); err != nil {
		return nil, err
	}
	return a, nil
}

// Delete removes an article (kb.manage).
func (s *Service) Delete(ctx context.Context, actor kefu.Actor, id string) error {
	if err := requireEditor(actor); err != nil {
		return err
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	audited := s.within(ctx, actor, ActionArticleDeleted, a.ID, map[string]any{"title": a.Title}, nil)
	return s.store.DeleteArticle(audited, actor.OrgID, a.ID)
}
