package kb

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Patch changes an article; nil fields stay as they are. A creation is a patch of a new article.
type Patch struct {
	Title, Body, Category, Locale, Status *string
	Questions                             *[]string
}

// apply validates p's fields and writes them to a, naming the first bad field.
func apply(a *kefu.Article, p Patch) error {
	steps := []func(*kefu.Article, Patch) error{applyTitle, applyBody, applyCategory, applyLocale, applyStatus, applyQuestions}
	for _, step := range steps {
		if err := step(a, p); err != nil {
			return err
		}
	}
	return nil
}

// cleanText trims s and reports whether it is valid text of at most max characters.
func cleanText(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	ok := utf8.ValidString(s) && !strings.ContainsRune(s, 0) && utf8.RuneCountInString(s) <= max
	return s, ok
}

func applyTitle(a *kefu.Article, p Patch) error {
	if p.Title == nil {
		return nil
	}
	t, ok := cleanText(*p.Title, kefu.MaxArticleTitle)
	if !ok || t == "" || strings.ContainsAny(t, "\r\n") {
		return kefu.FieldError("title", "title must be one line of 1 to %d characters", kefu.MaxArticleTitle)
	}
	a.Title = t
	return nil
}

func applyBody(a *kefu.Article, p Patch) error {
	if p.Body == nil {
		return nil
	}
	b, ok := cleanText(*p.Body, kefu.MaxArticleBody)
	if !ok || b == "" {
		return kefu.FieldError("body", "body must be 1 to %d characters of Markdown", kefu.MaxArticleBody)
	}
	a.Body = b
	return nil
}

func applyCategory(a *kefu.Article, p Patch) error {
	if p.Category == nil {
		return nil
	}
	c, ok := cleanText(*p.Category, kefu.MaxArticleCategory)
	if !ok || strings.ContainsAny(c, "\r\n") {
		return kefu.FieldError("category", "category must be one line of at most %d characters", kefu.MaxArticleCategory)
	}
	a.Category = c
	return nil
}

func applyLocale(a *kefu.Article, p Patch) error {
	if p.Locale == nil {
		return nil
	}
	if *p.Locale != kefu.LocaleZhCN && *p.Locale != kefu.LocaleEn {
		return kefu.FieldError("locale", "locale must be zh-CN or en")
	}
	a.Locale = *p.Locale
	return nil
}

func applyStatus(a *kefu.Article, p Patch) error {
	if p.Status == nil {
		return nil
	}
	if *p.Status != kefu.ArticleDraft && *p.Status != kefu.ArticlePublished {
		return kefu.FieldError("status", "status must be draft or published")
	}
	a.Status = *p.Status
	return nil
}

// applyQuestions keeps the non-empty alternative questions once each, in their order.
func applyQuestions(a *kefu.Article, p Patch) error {
	if p.Questions == nil {
		return nil
	}
	out := []string{}
	for _, q := range *p.Questions {
		q, ok := cleanText(q, kefu.MaxArticleQuestion)
		if !ok || strings.ContainsAny(q, "\r\n") {
			return kefu.FieldError("questions", "each question must be one line of at most %d characters", kefu.MaxArticleQuestion)
		}
		if q != "" && !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	if len(out) > kefu.MaxArticleQuests {
		return kefu.FieldError("questions", "at most %d alternative questions", kefu.MaxArticleQuests)
	}
	a.Questions = out
	return nil
}
