package manage

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Agent assist's sizes.
const (
	MaxAssistArticles = 3   // articles suggested
	MaxAssistCanned   = 3   // canned replies suggested
	MaxSnippet        = 200 // characters of an article's plain text
	// assistPages bounds how far back the customer's last text is looked for, in pages of 50
	// messages: a customer who wrote nothing in the last 200 gets no suggestions.
	assistPages = 4
)

// Assist is what agent assist suggests for a conversation: articles and canned replies that
// match the customer's last text message, as the agent sees it (masked).
type Assist struct {
	Query    string          `json:"query" doc:"The customer's last text message, masked as the agent sees it; empty when there is none"`
	Articles []AssistArticle `json:"articles" doc:"Published articles answering it, best first"`
	Canned   []AssistCanned  `json:"canned" doc:"Canned replies sharing the most words with it, best first"`
}

// AssistArticle is a suggested article.
type AssistArticle struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Snippet    string  `json:"snippet" doc:"The start of the body as plain text, at most 200 characters"`
	Body       string  `json:"body" doc:"The whole body, Markdown"`
	Confidence float64 `json:"confidence" doc:"0..1, comparable across queries"`
}

// AssistCanned is a suggested canned reply.
type AssistCanned struct {
	ID       string `json:"id"`
	Shortcut string `json:"shortcut"`
	Content  string `json:"content"`
}

// Assist suggests articles and canned replies for a conversation the agent can see. The
// conversation's language picks the articles' locale when it is Chinese or English.
func (s *Service) Assist(ctx context.Context, actor kefu.Actor, conversationID string) (*Assist, error) {
	c, err := s.convs.Get(ctx, actor, conversationID)
	if err != nil {
		return nil, err
	}
	q, err := s.lastCustomerText(ctx, actor, c.ID)
	out := &Assist{Query: q, Articles: []AssistArticle{}, Canned: []AssistCanned{}}
	if err != nil || q == "" {
		return out, err
	}
	if out.Articles, err = s.assistArticles(ctx, actor, q, articleLocale(c.Language)); err != nil {
		return nil, err
	}
	replies, err := s.store.ListCannedReplies(ctx, actor.OrgID, actor.AgentID, "")
	if err != nil {
		return nil, err
	}
	for _, r := range rankCanned(q, replies, MaxAssistCanned) {
		out.Canned = append(out.Canned, AssistCanned{ID: r.ID, Shortcut: r.Shortcut, Content: r.Content})
	}
	return out, nil
}

// lastCustomerText is the content of the customer's newest text message, read through the
// conversation service so it is masked as the agent sees it.
func (s *Service) lastCustomerText(ctx context.Context, actor kefu.Actor, id string) (string, error) {
	q := kefu.MessageQuery{Limit: 50}
	for range assistPages {
		page, err := s.convs.Messages(ctx, actor, id, q)
		if err != nil || len(page) == 0 {
			return "", err
		}
		for i := len(page) - 1; i >= 0; i-- {
			m := page[i]
			if m.SenderType == kefu.SenderContact && m.Kind == kefu.KindText && strings.TrimSpace(m.Content) != "" {
				return strings.TrimSpace(m.Content), nil
			}
		}
		if page[0].Seq <= 1 {
			break
		}
		q.BeforeSeq = page[0].Seq
	}
	return "", nil
}

// assistArticles searches the published articles for q.
func (s *Service) assistArticles(ctx context.Context, actor kefu.Actor, q, locale string) ([]AssistArticle, error) {
	hits, err := s.kb.Search(ctx, actor, cutBytes(q, kb.MaxQuery), locale, MaxAssistArticles)
	if err != nil {
		return nil, err
	}
	out := make([]AssistArticle, len(hits))
	for i, h := range hits {
		a := h.Article
		out[i] = AssistArticle{ID: a.ID, Title: a.Title, Snippet: cutRunes(s.kb.Snippet(a.Body), MaxSnippet),
			Body: a.Body, Confidence: h.Confidence}
	}
	return out, nil
}

// articleLocale is the article locale for a conversation's language (a BCP 47 tag): zh-CN for
// any Chinese, en for any English, "" (both) for the rest and for none.
func articleLocale(language string) string {
	primary, _, _ := strings.Cut(strings.ToLower(language), "-")
	switch primary {
	case "zh":
		return kefu.LocaleZhCN
	case "en":
		return kefu.LocaleEn
	}
	return ""
}

// cutBytes returns s cut to at most n bytes, at a character boundary: a long message still
// searches by its beginning.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// cutRunes returns s cut to at most n characters, the last being "…" when it was cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
