package bot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kb/retrieve"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// ExpectHandoff is the expected answer of a question the bot must hand over.
const ExpectHandoff = "handoff"

// Article is one entry of an evaluation knowledge base (KB.json): the knowledge base's own
// import and export record, so a knowledge base exported from the workspace is evaluated as it
// is (its status is ignored here).
type Article = kb.Record

// Question is one line of an evaluation question set (Q.jsonl).
type Question struct {
	Question string `json:"question"`
	Expected string `json:"expected"` // an article id, or "handoff"
}

// ReadKB reads a KB.json array, checking that each article has an id (unique), a title and a
// known locale.
func ReadKB(r io.Reader) ([]Article, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var arts []Article
	if err := dec.Decode(&arts); err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "knowledge base: %v", err)
	}
	seen := map[string]bool{}
	for i, a := range arts {
		if err := validArticle(a, seen); err != nil {
			return nil, kefu.FieldError(fmt.Sprintf("[%d]", i), "article %d: %s", i+1, err.Message)
		}
		seen[a.ID] = true
	}
	return arts, nil
}

func validArticle(a Article, seen map[string]bool) *kefu.Error {
	switch {
	case strings.TrimSpace(a.ID) == "":
		return kefu.Errorf(kefu.CodeInvalid, "id is empty")
	case seen[a.ID]:
		return kefu.Errorf(kefu.CodeInvalid, "id %q appears twice", a.ID)
	case strings.TrimSpace(a.Title) == "":
		return kefu.Errorf(kefu.CodeInvalid, "%q has no title", a.ID)
	case a.Locale != "zh-CN" && a.Locale != "en":
		return kefu.Errorf(kefu.CodeInvalid, "%q has locale %q, want zh-CN or en", a.ID, a.Locale)
	}
	return nil
}

// ReadQuestions reads a Q.jsonl file; an error names the line. Blank lines are skipped.
func ReadQuestions(r io.Reader) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		q, err := parseQuestion(line)
		if err != nil {
			return nil, kefu.FieldError(fmt.Sprintf("line %d", n), "questions line %d: %s", n, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "questions: %v", err)
	}
	return qs, nil
}

func parseQuestion(line []byte) (Question, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var q Question
	if err := dec.Decode(&q); err != nil {
		return q, err
	}
	if strings.TrimSpace(q.Question) == "" || strings.TrimSpace(q.Expected) == "" {
		return q, fmt.Errorf("question and expected are required")
	}
	return q, nil
}

// CheckExpected reports the first question whose expected article is not in the knowledge
// base: such a question could never be answered right, so the set itself is wrong.
func CheckExpected(arts []Article, qs []Question) error {
	ids := map[string]bool{ExpectHandoff: true}
	for _, a := range arts {
		ids[a.ID] = true
	}
	for i, q := range qs {
		if !ids[q.Expected] {
			return kefu.FieldError(fmt.Sprintf("questions[%d].expected", i), "question %d (%q) expects %q, which is not in the knowledge base", i+1, q.Question, q.Expected)
		}
	}
	return nil
}

// NewIndex loads arts into a fresh retrieval index.
func NewIndex(arts []Article) *retrieve.Index {
	ix := retrieve.New()
	for _, a := range arts {
		ix.Upsert(retrieve.Doc{ID: a.ID, Locale: a.Locale, Title: a.Title, Body: a.Body, Category: a.Category, Questions: a.Questions})
	}
	return ix
}
