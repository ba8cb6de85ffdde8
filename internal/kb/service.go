package kb

import (
	"context"
	"log/slog"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the knowledge base needs of the database.
type Store interface {
	CreateArticle(ctx context.Context, a *kefu.Article) error
	GetArticle(ctx context.Context, orgID, id string) (*kefu.Article, error)
	UpdateArticle(ctx context.Context, a *kefu.Article) error
	PutArticle(ctx context.Context, a *kefu.Article) (created bool, err error)
	DeleteArticle(ctx context.Context, orgID, id string) error
	ListArticles(ctx context.Context, orgID string, f kefu.ArticleFilter) ([]kefu.Article, error)
	ArticleCategories(ctx context.Context, orgID string) ([]string, error)
	KBVersion(ctx context.Context, orgID string) (int64, error)
	ListKBSynonyms(ctx context.Context, orgID string) ([]kefu.SynonymGroup, error)
	PutKBSynonym(ctx context.Context, g *kefu.SynonymGroup) error    // create (or replace) a group
	UpdateKBSynonym(ctx context.Context, g *kefu.SynonymGroup) error // an existing group only; not found otherwise
	DeleteKBSynonym(ctx context.Context, orgID, id string) error
}

// Auditor records changes in the audit log; audit.Service satisfies it.
type Auditor interface {
	// Within returns ctx carrying entries for the store write that makes the change.
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Audit actions of the knowledge base.
const (
	ActionArticleCreated  = "kb.article_created"
	ActionArticleUpdated  = "kb.article_updated"
	ActionArticleDeleted  = "kb.article_deleted"
	ActionArticleImported = "kb.article_imported"
)

// Options configure New.
type Options struct {
	Store   Store
	Auditor Auditor
	Logger  *slog.Logger // nil discards
}

// Service is the knowledge base's use cases. It is safe for concurrent use.
type Service struct {
	store   Store
	audit   Auditor
	log     *slog.Logger
	indexes *indexes
	md      *markdown
}

// New returns the knowledge-base service.
func New(opts Options) *Service {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: opts.Store, audit: opts.Auditor, log: log, indexes: newIndexes(), md: newMarkdown()}
}

// requireMember fails unless actor is an agent of an organisation: every member reads the
// published knowledge base.
func requireMember(actor kefu.Actor) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	return nil
}

// requireEditor fails unless actor may write articles (kb.manage).
func requireEditor(actor kefu.Actor) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	if !actor.Has(kefu.PermKBManage) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", kefu.PermKBManage)
	}
	return nil
}
