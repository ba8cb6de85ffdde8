package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

const (
	tagKB        = "Knowledge base"
	kbImportPath = "/api/v1/kb/import"
	// maxImportBody bounds an import file, JSON or CSV: some thousands of articles.
	maxImportBody = 8 << 20
)

// kbRoutes registers the knowledge base's endpoints.
func (s *server) kbRoutes(api registry) {
	op(api, "list-articles", "GET", "/api/v1/kb/articles", "Knowledge-base articles (drafts for kb.manage)", tagKB, s.listArticles)
	op(api, "create-article", "POST", "/api/v1/kb/articles", "Write an article (kb.manage)", tagKB, s.createArticle)
	op(api, "get-article", "GET", "/api/v1/kb/articles/{id}", "An article with its body rendered", tagKB, s.getArticle)
	op(api, "update-article", "PATCH", "/api/v1/kb/articles/{id}", "Edit an article (kb.manage)", tagKB, s.updateArticle)
	op(api, "delete-article", "DELETE", "/api/v1/kb/articles/{id}", "Delete an article (kb.manage)", tagKB, s.deleteArticle)
	op(api, "search-kb", "GET", "/api/v1/kb/search", "Search the published articles", tagKB, s.searchKB)
	op(api, "kb-categories", "GET", "/api/v1/kb/categories", "The categories the articles use", tagKB, s.kbCategories)
	op(api, "preview-article", "POST", "/api/v1/kb/preview", "Render a Markdown body as the article would show (kb.manage)", tagKB, s.previewArticle)
	opKBImport(api, s.importKB)
	op(api, "export-kb", "GET", "/api/v1/kb/export", "Download every article as JSON or CSV (kb.manage)", tagKB, s.exportKB)
}

// articleView is an article with its Markdown body rendered to sanitised HTML.
type articleView struct {
	kefu.Article
	BodyHTML string `json:"body_html" doc:"The body rendered from Markdown and sanitised: safe to insert as HTML"`
}

func (s *server) articleView(a *kefu.Article) articleView {
	return articleView{Article: *a, BodyHTML: s.KB.RenderHTML(a.Body)}
}

type articleIDInput struct {
	ID string `path:"id" maxLength:"64" doc:"Article id: a UUID or a slug chosen at import"`
}

type articleOutput struct {
	Status int
	Body   articleView
}

type articleListOutput struct {
	Body struct {
		Articles []kefu.Article `json:"articles"`
	}
}

func (s *server) listArticles(ctx context.Context, in *struct {
	Status   string `query:"status" enum:"draft,published," doc:"Only this status"`
	Category string `query:"category" maxLength:"64" doc:"Only this category"`
	Locale   string `query:"locale" enum:"zh-CN,en," doc:"Only this locale"`
}) (*articleListOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.KB.List(ctx, actor, kefu.ArticleFilter{Status: in.Status, Category: in.Category, Locale: in.Locale})
	if err != nil {
		return nil, err
	}
	out := &articleListOutput{}
	out.Body.Articles = list
	return out, nil
}

// articleBody is the editable fields of an article; omitted fields keep their value.
type articleBody struct {
	Title     *string   `json:"title,omitempty" maxLength:"800"`
	Body      *string   `json:"body,omitempty" maxLength:"80000" doc:"Markdown"`
	Category  *string   `json:"category,omitempty" maxLength:"256"`
	Locale    *string   `json:"locale,omitempty" enum:"zh-CN,en"`
	Status    *string   `json:"status,omitempty" enum:"draft,published"`
	Questions *[]string `json:"questions,omitempty" maxItems:"50" doc:"Alternative questions: other ways customers ask it"`
}

// newArticleBody is a new article: articleBody with an optional id.
type newArticleBody struct {
	ID        string    `json:"id,omitempty" maxLength:"64" doc:"Optional id (A-Z, a-z, 0-9, '.', '_', '-'); generated when left out"`
	Title     *string   `json:"title,omitempty" maxLength:"800"`
	Body      *string   `json:"body,omitempty" maxLength:"80000" doc:"Markdown"`
	Category  *string   `json:"category,omitempty" maxLength:"256"`
	Locale    *string   `json:"locale,omitempty" enum:"zh-CN,en"`
	Status    *string   `json:"status,omitempty" enum:"draft,published" doc:"draft (default) or published"`
	Questions *[]string `json:"questions,omitempty" maxItems:"50" doc:"Alternative questions: other ways customers ask it"`
}

func (b articleBody) patch() kb.Patch {
	return kb.Patch{Title: b.Title, Body: b.Body, Category: b.Category, Locale: b.Locale, Status: b.Status, Questions: b.Questions}
}

func (s *server) createArticle(ctx context.Context, in *struct {
	Body newArticleBody
}) (*articleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	p := articleBody{Title: b.Title, Body: b.Body, Category: b.Category, Locale: b.Locale, Status: b.Status, Questions: b.Questions}
	a, err := s.KB.Create(ctx, actor, kb.Input{ID: b.ID, Patch: p.patch()})
	if err != nil {
		return nil, err
	}
	return &articleOutput{Status: http.StatusCreated, Body: s.articleView(a)}, nil
}

func (s *server) getArticle(ctx context.Context, in *articleIDInput) (*articleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.KB.Get(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &articleOutput{Status: http.StatusOK, Body: s.articleView(a)}, nil
}

func (s *server) updateArticle(ctx context.Context, in *struct {
	ID   string `path:"id" maxLength:"64" doc:"Article id"`
	Body articleBody
}) (*articleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.KB.Update(ctx, actor, in.ID, in.Body.patch())
	if err != nil {
		return nil, err
	}
	return &articleOutput{Status: http.StatusOK, Body: s.articleView(a)}, nil
}

func (s *server) deleteArticle(ctx context.Context, in *articleIDInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.KB.Delete(ctx, actor, in.ID)
}

func (s *server) kbCategories(ctx context.Context, _ *struct{}) (*struct {
	Body struct {
		Categories []string `json:"categories"`
	}
}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := s.KB.Categories(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &struct {
		Body struct {
			Categories []string `json:"categories"`
		}
	}{}
	out.Body.Categories = cats
	return out, nil
}

// kbHit is one search result.
type kbHit struct {
	Article    articleView `json:"article"`
	Score      float64     `json:"score"`
	Confidence float64     `json:"confidence" doc:"0..1, comparable across queries"`
	Matched    string      `json:"matched" doc:"The title or alternative question that matched best"`
}

func (s *server) searchKB(ctx context.Context, in *struct {
	Q      string `query:"q" maxLength:"500" doc:"What the customer asked"`
	Locale string `query:"locale" enum:"zh-CN,en," doc:"Only this locale; empty searches all"`
	Limit  int    `query:"limit" minimum:"0" maximum:"20" doc:"At most this many hits; 0 = 5"`
}) (*struct {
	Body struct {
		Hits []kbHit `json:"hits"`
	}
}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	limit := in.Limit
	if limit == 0 {
		limit = 5
	}
	res, err := s.KB.Search(ctx, actor, in.Q, in.Locale, limit)
	if err != nil {
		return nil, err
	}
	out := &struct {
		Body struct {
			Hits []kbHit `json:"hits"`
		}
	}{}
	out.Body.Hits = make([]kbHit, len(res))
	for i, r := range res {
		out.Body.Hits[i] = kbHit{Article: s.articleView(&r.Article), Score: r.Score, Confidence: r.Confidence, Matched: r.Matched}
	}
	return out, nil
}

type kbImportInput struct {
	ContentType string `header:"Content-Type" doc:"application/json (an array of articles) or text/csv"`
	RawBody     []byte `contentType:"application/json"`
}

type kbImportOutput struct {
	Body *kb.ImportResult
}

// opKBImport registers the import with its own body limit and both media types.
func opKBImport(api registry, h func(context.Context, *kbImportInput) (*kbImportOutput, error)) {
	o := operation("import-kb", http.MethodPost, kbImportPath, "Import articles from JSON or CSV (kb.manage)", tagKB)
	o.Description = "Creates or updates articles by id; rows with errors are skipped and reported with their row " +
		"(JSON: position in the array from 1; CSV: line in the file, the header being line 1). The JSON shape is that of " +
		"`kefu bot eval --kb`; CSV columns are id,title,body,category,locale,status,questions, questions one per line in " +
		"their cell (or separated by |). status defaults to published. At most 5,000 articles and 8 MiB."
	o.MaxBodyBytes = maxImportBody
	o.SkipValidateBody = true // the service decodes and validates each row, to report them one by one
	o.Errors = append(o.Errors, http.StatusForbidden, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	huma.Register(api, o, wrap(api.log, h))
	if p := api.OpenAPI().Paths[kbImportPath]; p != nil && p.Post != nil && p.Post.RequestBody != nil {
		p.Post.RequestBody.Content["text/csv"] = &huma.MediaType{Schema: &huma.Schema{Type: "string"}}
	}
}

func (s *server) importKB(ctx context.Context, in *kbImportInput) (*kbImportOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	format, err := importFormat(in.ContentType)
	if err != nil {
		return nil, err
	}
	res, err := s.KB.Import(ctx, actor, format, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, err
	}
	return &kbImportOutput{Body: res}, nil
}

// importFormat picks the import format from the request's media type.
func importFormat(contentType string) (string, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/json":
		return kb.FormatJSON, nil
	case "text/csv":
		return kb.FormatCSV, nil
	}
	return "", kefu.Errorf(kefu.CodeUnsupportedType, "send application/json or text/csv")
}

// exportKB streams every article as a download.
func (s *server) exportKB(ctx context.Context, in *struct {
	Format string `query:"format" enum:"json,csv," doc:"json (default) or csv"`
}) (*huma.StreamResponse, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	recs, err := s.KB.Export(ctx, actor)
	if err != nil {
		return nil, err
	}
	contentType, name := "application/json; charset=utf-8", "knowledge-base.json"
	if in.Format == kb.FormatCSV {
		contentType, name = "text/csv; charset=utf-8", "knowledge-base.csv"
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		_, w := humachi.Unwrap(hctx)
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		if err := writeExport(w, in.Format, recs); err != nil {
			s.log.ErrorContext(ctx, "knowledge base export failed", "err", err)
		}
	}}, nil
}

func writeExport(w http.ResponseWriter, format string, recs []kb.Record) error {
	if format == kb.FormatCSV {
		return kb.WriteCSV(w, recs)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(recs)
}

// previewArticle renders an unsaved body the way body_html will be, for the editor's preview.
func (s *server) previewArticle(ctx context.Context, in *struct {
	Body struct {
		Body string `json:"body" maxLength:"80000" doc:"Markdown"`
	}
}) (*struct {
	Body struct {
		BodyHTML string `json:"body_html"`
	}
}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	html, err := s.KB.Preview(actor, in.Body.Body)
	if err != nil {
		return nil, err
	}
	out := &struct {
		Body struct {
			BodyHTML string `json:"body_html"`
		}
	}{}
	out.Body.BodyHTML = html
	return out, nil
}
