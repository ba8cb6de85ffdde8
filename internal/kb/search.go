package kb

import (
	"context"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kb/retrieve"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// MaxQuery bounds a search query, in bytes.
const MaxQuery = 500

// Result is one search hit with its article.
type Result struct {
	retrieve.Hit
	Article kefu.Article
}

// orgIndex is one organisation's index with the version it was built at and the published
// articles it holds, by id.
type orgIndex struct {
	version  int64
	index    *retrieve.Index
	articles map[string]kefu.Article
}

// indexes holds the built indexes by organisation. The lock guards the map only: a search
// uses the index it got while a rebuild swaps in a new one.
type indexes struct {
	mu    sync.Mutex
	byOrg map[string]*orgIndex
	// building serialises rebuilds per process, so a burst of searches after a change
	// builds once rather than once per request.
	building sync.Mutex
}

func newIndexes() *indexes { return &indexes{byOrg: map[string]*orgIndex{}} }

func (x *indexes) get(orgID string) *orgIndex {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.byOrg[orgID]
}

func (x *indexes) put(orgID string, ix *orgIndex) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.byOrg[orgID] = ix
}

// Search finds the published articles answering q, best first; locale "" searches all.
func (s *Service) Search(ctx context.Context, actor kefu.Actor, q, locale string, limit int) ([]Result, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	if q == "" || len(q) > MaxQuery || !utf8.ValidString(q) {
		return nil, kefu.FieldError("q", "q must be 1 to %d bytes of text", MaxQuery)
	}
	if locale != "" && locale != kefu.LocaleZhCN && locale != kefu.LocaleEn {
		return nil, kefu.FieldError("locale", "locale must be zh-CN or en")
	}
	return s.search(ctx, actor.OrgID, q, locale, limit)
}

// search runs a checked query on the organisation's current index (1 to 20 results).
func (s *Service) search(ctx context.Context, orgID, q, locale string, limit int) ([]Result, error) {
	ix, err := s.current(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return ix.results(q, locale, max(1, min(limit, 20))), nil
}

func (ix *orgIndex) results(q, locale string, limit int) []Result {
	out := []Result{}
	for _, h := range ix.index.Search(q, locale, limit) {
		if a, ok := ix.articles[h.ID]; ok {
			out = append(out, Result{Hit: h, Article: a})
		}
	}
	return out
}

// current returns the organisation's index, rebuilt when the stored version moved since it
// was built (by this process or another).
func (s *Service) current(ctx context.Context, orgID string) (*orgIndex, error) {
	v, err := s.store.KBVersion(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if ix := s.indexes.get(orgID); ix != nil && ix.version == v {
		return ix, nil
	}
	s.indexes.building.Lock()
	defer s.indexes.building.Unlock()
	if ix := s.indexes.get(orgID); ix != nil && ix.version >= v {
		return ix, nil // another search rebuilt it while this one waited
	}
	return s.rebuild(ctx, orgID)
}

// rebuild reads the version, then the published articles and the organisation's synonym
// groups, and indexes them. Reading the
// version first means a change committed in between leaves the index marked older than it
// is, so the next search rebuilds again rather than keep a stale index.
func (s *Service) rebuild(ctx context.Context, orgID string) (*orgIndex, error) {
	v, err := s.store.KBVersion(ctx, orgID)
	if err != nil {
		return nil, err
	}
	list, err := s.store.ListArticles(ctx, orgID, kefu.ArticleFilter{Status: kefu.ArticlePublished})
	if err != nil {
		return nil, err
	}
	groups, err := s.synonymOption(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ix := &orgIndex{version: v, index: retrieve.New(groups), articles: make(map[string]kefu.Article, len(list))}
	for _, a := range list {
		ix.articles[a.ID] = a
		ix.index.Upsert(retrieve.Doc{ID: a.ID, Locale: a.Locale, Title: a.Title, Body: a.Body, Category: a.Category, Questions: a.Questions})
	}
	s.indexes.put(orgID, ix)
	s.log.DebugContext(ctx, "knowledge base indexed", "org", orgID, "version", v, "articles", len(list))
	return ix, nil
}

// synonymOption reads the organisation's synonym groups as an index option: they are part
// of how the articles are tokenized, so a change to them needs a new index (kb_versions moves).
func (s *Service) synonymOption(ctx context.Context, orgID string) (retrieve.Option, error) {
	list, err := s.store.ListKBSynonyms(ctx, orgID)
	if err != nil {
		return nil, err
	}
	groups := make([]retrieve.SynonymGroup, len(list))
	for i, g := range list {
		groups[i] = retrieve.SynonymGroup(g.Terms)
	}
	return retrieve.WithSynonyms(groups...), nil
}
