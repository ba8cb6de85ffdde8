package bot

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The labelled evaluation sets in testdata/ are checked here for shape only: they are the
// measure of the engine, so a broken set would make every figure computed on it meaningless.

// evalArticle is one entry of a KB.json file, the format `kefu bot eval --kb` reads.
type evalArticle struct {
	ID        string   `json:"id"`
	Locale    string   `json:"locale"`
	Category  string   `json:"category"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Questions []string `json:"questions"`
}

// evalQuestion is one line of a Q.jsonl file, the format `kefu bot eval --questions` reads.
type evalQuestion struct {
	Question string `json:"question"`
	Expected string `json:"expected"`
}

// The minimums the issue and the slice's brief set for each locale.
const (
	minArticles      = 45
	minQuestions     = 320
	minAltPerArticle = 3
	maxAltPerArticle = 8
	minQsPerArticle  = 3   // every article is measured, not only the easy ones
	minHoldout       = 100 // the held-out sets: fewer questions, none of them tuned on
	minHoldoutPerArt = 2
	minHandoffShare  = 0.10 // about 15 % of the questions expect a hand-off
	maxHandoffShare  = 0.20
	handoffExpected  = "handoff"
	minBodyLines     = 3
	maxBodyLines     = 10
)

var evalLocales = []string{"zh-CN", "en"}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestEvalSetsArticles(t *testing.T) {
	for _, loc := range evalLocales {
		t.Run(loc, func(t *testing.T) {
			arts := loadKB(t, loc)
			if len(arts) < minArticles {
				t.Errorf("%d articles, want at least %d", len(arts), minArticles)
			}
			seen := map[string]bool{}
			for _, a := range arts {
				checkArticle(t, a, loc)
				if seen[a.ID] {
					t.Errorf("duplicate article id %q", a.ID)
				}
				seen[a.ID] = true
			}
		})
	}
}

// checkArticle reports every field of a that breaks the KB.json rules of the brief.
func checkArticle(t *testing.T, a evalArticle, loc string) {
	t.Helper()
	if !slug.MatchString(a.ID) {
		t.Errorf("id %q is not a slug", a.ID)
	}
	if a.Locale != loc || a.Title == "" || a.Category == "" {
		t.Errorf("%s: locale %q, title %q, category %q", a.ID, a.Locale, a.Title, a.Category)
	}
	if n := len(strings.Split(a.Body, "\n")); n < minBodyLines || n > maxBodyLines {
		t.Errorf("%s: body has %d lines, want %d..%d", a.ID, n, minBodyLines, maxBodyLines)
	}
	if n := len(a.Questions); n < minAltPerArticle || n > maxAltPerArticle {
		t.Errorf("%s: %d alternative questions, want %d..%d", a.ID, n, minAltPerArticle, maxAltPerArticle)
	}
}

// Both languages cover the same topics, so a figure in one is comparable with the other.
func TestEvalSetsSameTopics(t *testing.T) {
	zh, en := articleIDs(loadKB(t, "zh-CN")), articleIDs(loadKB(t, "en"))
	for id := range zh {
		if !en[id] {
			t.Errorf("%q is in kb.zh-CN.json but not in kb.en.json", id)
		}
	}
	for id := range en {
		if !zh[id] {
			t.Errorf("%q is in kb.en.json but not in kb.zh-CN.json", id)
		}
	}
}

// questionSet is one labelled question file per locale and the size rules it keeps.
type questionSet struct {
	name               string // the file is testdata/<name>.<locale>.jsonl
	minQuestions       int
	minQuestionsPerArt int
}

// The tuning sets, and the held-out sets written before any tuning on them and used only to
// measure: a figure that rises on the first and not on the second is over-fitted.
var questionSets = []questionSet{
	{"questions", minQuestions, minQsPerArticle},
	{"holdout", minHoldout, minHoldoutPerArt},
}

func TestEvalSetsQuestions(t *testing.T) {
	for _, set := range questionSets {
		for _, loc := range evalLocales {
			t.Run(set.name+"/"+loc, func(t *testing.T) {
				ids := articleIDs(loadKB(t, loc))
				qs := loadQuestions(t, set.name, loc)
				if len(qs) < set.minQuestions {
					t.Errorf("%d questions, want at least %d", len(qs), set.minQuestions)
				}
				perID := countExpected(t, qs, ids)
				checkCoverage(t, perID, ids, len(qs), set.minQuestionsPerArt)
			})
		}
	}
}

// countExpected counts the questions per expected label and reports unknown labels,
// empty questions and questions asked twice.
func countExpected(t *testing.T, qs []evalQuestion, ids map[string]bool) map[string]int {
	t.Helper()
	perID, seen := map[string]int{}, map[string]bool{}
	for _, q := range qs {
		if q.Expected != handoffExpected && !ids[q.Expected] {
			t.Errorf("question %q expects %q, which is no article", q.Question, q.Expected)
		}
		key := normalize(q.Question)
		if key == "" || seen[key] {
			t.Errorf("question %q is empty or asked twice", q.Question)
		}
		seen[key] = true
		perID[q.Expected]++
	}
	return perID
}

// checkCoverage reports articles too few questions measure and a hand-off share off target.
func checkCoverage(t *testing.T, perID map[string]int, ids map[string]bool, total, perArticle int) {
	t.Helper()
	for id := range ids {
		if perID[id] < perArticle {
			t.Errorf("article %q is expected by %d questions, want at least %d", id, perID[id], perArticle)
		}
	}
	share := float64(perID[handoffExpected]) / float64(total)
	if share < minHandoffShare || share > maxHandoffShare {
		t.Errorf("hand-off share %.3f, want %.2f..%.2f", share, minHandoffShare, maxHandoffShare)
	}
}

// An evaluation question that is an article's title or alternative question would measure
// nothing but string equality: the sets must be phrased differently.
func TestEvalSetsQuestionsAreNotCopies(t *testing.T) {
	for _, set := range questionSets {
		for _, loc := range evalLocales {
			t.Run(set.name+"/"+loc, func(t *testing.T) {
				known := knownPhrasings(t, loc)
				for _, q := range loadQuestions(t, set.name, loc) {
					if id, ok := known[normalize(q.Question)]; ok {
						t.Errorf("question %q copies a title or alternative question of %q", q.Question, id)
					}
				}
			})
		}
	}
}

// knownPhrasings maps every title and alternative question of the locale's knowledge base,
// normalised, to its article id.
func knownPhrasings(t *testing.T, loc string) map[string]string {
	t.Helper()
	known := map[string]string{}
	for _, a := range loadKB(t, loc) {
		known[normalize(a.Title)] = a.ID
		for _, alt := range a.Questions {
			known[normalize(alt)] = a.ID
		}
	}
	return known
}

// A held-out question that is also a tuning question is no longer held out.
func TestHoldoutSetsShareNoQuestionWithTheTuningSets(t *testing.T) {
	for _, loc := range evalLocales {
		t.Run(loc, func(t *testing.T) {
			tuning := map[string]bool{}
			for _, q := range loadQuestions(t, "questions", loc) {
				tuning[normalize(q.Question)] = true
			}
			for _, q := range loadQuestions(t, "holdout", loc) {
				if tuning[normalize(q.Question)] {
					t.Errorf("held-out question %q is also in questions.%s.jsonl", q.Question, loc)
				}
			}
		})
	}
}

func TestNormalizeFoldsWidthCaseAndPunctuation(t *testing.T) {
	for in, want := range map[string]string{
		"Invoice, PLS!": "invoicepls",
		"ｉｎｖｏｉｃｅ？ 怎么开":  "invoice怎么开",
		"退款 要多久。":       "退款要多久",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// normalize folds full-width forms and case and drops spaces, punctuation and symbols, so
// that trivial edits of a phrase compare equal.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, norm.NFKC.String(s))
}

func articleIDs(arts []evalArticle) map[string]bool {
	ids := make(map[string]bool, len(arts))
	for _, a := range arts {
		ids[a.ID] = true
	}
	return ids
}

func loadKB(t *testing.T, locale string) []evalArticle {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "kb."+locale+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []evalArticle
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&arts); err != nil {
		t.Fatalf("kb.%s.json: %v", locale, err)
	}
	return arts
}

func loadQuestions(t *testing.T, set, locale string) []evalQuestion {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", set+"."+locale+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []evalQuestion
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		qs = append(qs, decodeQuestion(t, set+"."+locale, n, sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return qs
}

// decodeQuestion decodes line n of a Q.jsonl file, refusing unknown fields and empty values.
func decodeQuestion(t *testing.T, file string, n int, line []byte) evalQuestion {
	t.Helper()
	var q evalQuestion
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil || q.Question == "" || q.Expected == "" {
		t.Fatalf("%s.jsonl:%d: %v (%s)", file, n, err, line)
	}
	return q
}
