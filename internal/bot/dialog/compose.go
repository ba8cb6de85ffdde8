package dialog

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/bot"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxQuestion bounds the customer text kept with an event (unanswered questions).
const maxQuestion = 500

// maxReplyBytes keeps a bot message under the message limit, with room for the title.
const maxReplyBytes = kefu.MaxContentBytes - 1024

// compose builds the reply a turn decided on (answer, suggestions or asking to rephrase) and
// the events it counts.
func (s *Service) compose(t *turn) (*kefu.Message, []kefu.BotEvent) {
	d := t.decision
	switch {
	case t.answer != nil:
		return s.generatedAnswer(t), []kefu.BotEvent{s.event(t, kefu.BotEventAnswered, firstOf(t.answer.Citations))}
	case len(s.cardArticles(t, d.ArticleIDs)) == 0: // nothing retrieved to show: not understood
	case d.Action == bot.ActionAnswer:
		return s.articleAnswer(t), []kefu.BotEvent{s.event(t, kefu.BotEventAnswered, d.ArticleIDs[0])}
	case len(d.ArticleIDs) > 0:
		return s.suggestions(t), []kefu.BotEvent{s.event(t, kefu.BotEventSuggested, d.ArticleIDs[0])}
	}
	unanswered := s.event(t, kefu.BotEventUnanswered, "")
	unanswered.Question = clip(t.msg.Content, maxQuestion)
	return botMessage(t.inbox.Bot, t.words, t.words.rephrase, &kefu.BotCard{Action: kefu.BotCardRephrase, ReplyTo: t.msg.ID}),
		[]kefu.BotEvent{unanswered}
}

// event is a metrics event about the turn's message.
func (s *Service) event(t *turn, kind, articleID string) kefu.BotEvent {
	return kefu.BotEvent{Kind: kind, MessageID: t.msg.ID, ArticleID: articleID}
}

// articleAnswer is the best article as the answer: its title, a blank line, its text, and the
// related articles' titles; the card asks whether it helped.
func (s *Service) articleAnswer(t *turn) *kefu.Message {
	arts := s.cardArticles(t, t.decision.ArticleIDs)
	body := s.opts.Knowledge.PlainText(s.article(t, arts[0].ID).Body)
	text := arts[0].Title + "\n\n" + clipBytes(body, maxReplyBytes) + related(t.words, arts[1:])
	card := &kefu.BotCard{Action: kefu.BotCardAnswer, Articles: arts, AskFeedback: true, ReplyTo: t.msg.ID}
	return botMessage(t.inbox.Bot, t.words, text, card)
}

// generatedAnswer is the model's answer citing the articles it used.
func (s *Service) generatedAnswer(t *turn) *kefu.Message {
	arts := s.cardArticles(t, t.answer.Citations)
	text := clipBytes(t.answer.Text, maxReplyBytes) + related(t.words, arts)
	card := &kefu.BotCard{Action: kefu.BotCardAnswer, Articles: arts, Generated: true, AskFeedback: true, ReplyTo: t.msg.ID}
	return botMessage(t.inbox.Bot, t.words, text, card)
}

// suggestions is "did you mean" with up to three articles, numbered for channels without
// buttons (the customer can type the title, or the number's article is asked again).
func (s *Service) suggestions(t *turn) *kefu.Message {
	arts := s.cardArticles(t, t.decision.ArticleIDs)
	var b strings.Builder
	b.WriteString(t.words.suggest)
	for i, a := range arts {
		fmt.Fprintf(&b, "\n%d. %s", i+1, a.Title)
	}
	return botMessage(t.inbox.Bot, t.words, b.String(), &kefu.BotCard{Action: kefu.BotCardSuggest, Articles: arts, ReplyTo: t.msg.ID})
}

// related lists articles under an answer, "" when there are none.
func related(w texts, arts []kefu.BotCardArticle) string {
	if len(arts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\n" + w.related)
	for _, a := range arts {
		b.WriteString("\n• " + a.Title)
	}
	return b.String()
}

// cardArticles names the turn's articles by id, in order, skipping any it did not retrieve.
func (s *Service) cardArticles(t *turn, ids []string) []kefu.BotCardArticle {
	out := []kefu.BotCardArticle{}
	for _, id := range ids {
		if a := s.article(t, id); a != nil {
			out = append(out, kefu.BotCardArticle{ID: a.ID, Title: a.Title})
		}
	}
	return out
}

// article is a retrieved article of the turn by id; nil when it was not retrieved.
func (s *Service) article(t *turn, id string) *kefu.Article {
	for i := range t.hits {
		if t.hits[i].Article.ID == id {
			return &t.hits[i].Article
		}
	}
	return nil
}

func firstOf(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// clipBytes cuts s to at most n bytes on a character boundary, marking the cut.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
