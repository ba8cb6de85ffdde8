package kb

import (
	"context"
	"encoding/json"
	"io"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Import and export formats.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// MaxImportRows bounds the articles of one import; the HTTP layer bounds its bytes.
const MaxImportRows = 5000

// Record is one article in an import or export file: the KB.json shape of `kefu bot eval`
// plus status. An imported record without status is published, as KB.json files are answer
// sets; one without id gets a new id (so importing it again creates it again).
type Record struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Questions []string `json:"questions"`
	Locale    string   `json:"locale"`
	Category  string   `json:"category"`
	Status    string   `json:"status,omitempty"`
}

// RowError is why one row of an import was not saved. Row is the record's 1-based position in
// a JSON array, or its line in a CSV file (the header is line 1).
type RowError struct {
	Row     int    `json:"row"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ImportResult sums up an import: rows saved, and the rows refused with their reasons.
type ImportResult struct {
	Created int        `json:"created"`
	Updated int        `json:"updated"`
	Failed  int        `json:"failed"`
	Errors  []RowError `json:"errors"`
}

// row is a decoded record with its position in the file.
type row struct {
	n int
	Record
}

// Import creates or updates (by id) the articles of a JSON or CSV file (kb.manage). Good rows
// are saved even when others fail; each failure is reported with its row.
func (s *Service) Import(ctx context.Context, actor kefu.Actor, format string, r io.Reader) (*ImportResult, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	rows, err := decode(format, r)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Errors: []RowError{}}
	for _, rw := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.importRow(ctx, actor, rw, res)
	}
	return res, nil
}

func decode(format string, r io.Reader) ([]row, error) {
	switch format {
	case FormatJSON:
		return decodeJSON(r)
	case FormatCSV:
		return decodeCSV(r)
	}
	return nil, kefu.FieldError("format", "format must be json or csv")
}

// importRow validates and saves one row, counting it in res.
func (s *Service) importRow(ctx context.Context, actor kefu.Actor, rw row, res *ImportResult) {
	a, err := recordArticle(actor, rw.Record)
	if err == nil {
		var created bool
		audited := s.within(ctx, actor, ActionArticleImported, a.ID, nil, auditFields(a))
		if created, err = s.store.PutArticle(audited, a); err == nil && created {
			res.Created++
		} else if err == nil {
			res.Updated++
		}
	}
	if err != nil {
		res.Failed++
		res.Errors = append(res.Errors, rowError(rw, err))
	}
}

// recordArticle validates a record as an article of the actor's organisation.
func recordArticle(actor kefu.Actor, r Record) (*kefu.Article, error) {
	if r.Status == "" {
		r.Status = kefu.ArticlePublished
	}
	if r.Questions == nil {
		r.Questions = []string{}
	}
	return newArticle(actor, Input{ID: r.ID, Patch: Patch{Title: &r.Title, Body: &r.Body, Category: &r.Category,
		Locale: &r.Locale, Status: &r.Status, Questions: &r.Questions}})
}

func rowError(rw row, err error) RowError {
	e := RowError{Row: rw.n, ID: rw.ID, Message: "could not be saved"}
	if ke, ok := err.(*kefu.Error); ok && ke.Code != kefu.CodeInternal {
		e.Field, e.Message = ke.Field, ke.Message
	}
	return e
}

func decodeJSON(r io.Reader) ([]row, error) {
	var recs []Record
	if err := json.NewDecoder(r).Decode(&recs); err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "the file is not a JSON array of articles: %s", jsonProblem(err))
	}
	if len(recs) > MaxImportRows {
		return nil, kefu.Errorf(kefu.CodeTooLarge, "at most %d articles per import", MaxImportRows)
	}
	rows := make([]row, len(recs))
	for i, rec := range recs {
		rows[i] = row{n: i + 1, Record: rec}
	}
	return rows, nil
}

// jsonProblem names where a JSON file went wrong without echoing its content.
func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return "syntax error at byte " + itoa(e.Offset)
	case *json.UnmarshalTypeError:
		return "wrong type for " + e.Field + " at byte " + itoa(e.Offset)
	}
	return "unreadable"
}

// Export returns every article of the organisation (drafts included), for an export file
// (kb.manage).
func (s *Service) Export(ctx context.Context, actor kefu.Actor) ([]Record, error) {
	if err := requireEditor(actor); err != nil {
		return nil, err
	}
	list, err := s.store.ListArticles(ctx, actor.OrgID, kefu.ArticleFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]Record, len(list))
	for i, a := range list {
		out[i] = Record{ID: a.ID, Title: a.Title, Body: a.Body, Questions: a.Questions, Locale: a.Locale, Category: a.Category, Status: a.Status}
	}
	return out, nil
}
