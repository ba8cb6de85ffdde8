package dialog

import (
	"context"
	"errors"

	"github.com/kefu-dev/kefu/internal/bot"
	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kb/retrieve"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// searchLimit is how many articles a turn retrieves; sourceLimit how many a model reads.
const (
	searchLimit = 10
	sourceLimit = 3
)

// turn is one customer message as the bot understood it.
type turn struct {
	org      *kefu.Org
	conv     *kefu.Conversation
	inbox    *kefu.Inbox
	msg      *kefu.Message
	locale   string
	words    texts
	hits     []kb.Result
	decision bot.Decision
	answer   *llm.Answer // the model's grounded answer, when one wrote it
}

// Turn answers one customer message in a conversation the bot holds (a kefu.BotJobKind job,
// Ref the message id). A message already answered, or a conversation the bot no longer holds,
// is done; an error retries the job.
func (s *Service) Turn(ctx context.Context, j kefu.Job) error {
	m, err := s.opts.Store.GetMessage(ctx, j.OrgID, j.Ref)
	if kefu.IsNotFound(err) {
		return jobs.Permanent(err) // erased since: nothing to answer
	}
	if err != nil {
		return err
	}
	unlock, err := s.turns.Lock(ctx, m.ConversationID)
	if err != nil {
		return err
	}
	defer unlock()
	err = s.answer(ctx, m)
	if err != nil && j.Attempts >= j.MaxAttempts {
		return s.giveUp(ctx, m, err)
	}
	return err
}

// answer understands the message and acts on it.
func (s *Service) answer(ctx context.Context, m *kefu.Message) error {
	t, err := s.understand(ctx, m)
	if err != nil || t == nil {
		return err
	}
	return s.act(ctx, t)
}

// giveUp hands the conversation to a person when the turn's last attempt failed, so the
// customer is not left waiting on a bot that cannot answer. If even that fails, the turn's
// error stands and the job is dead in the job list.
func (s *Service) giveUp(ctx context.Context, m *kefu.Message, cause error) error {
	s.log.WarnContext(ctx, "the bot could not answer; handing over", "conversation_id", m.ConversationID, "err", cause)
	conv, err := s.opts.Store.GetConversation(ctx, m.OrgID, m.ConversationID)
	if err != nil {
		return cause
	}
	inbox, err := s.opts.Store.GetInbox(ctx, m.OrgID, conv.InboxID)
	if err != nil {
		return cause
	}
	h := handoff{reason: kefu.HandoffBotFailed, words: textsFor(localeOf(m.Content, conv.Language, "")), settings: inbox.Bot,
		trigger: m, clientID: replyID(m.ID)}
	if err := s.handOff(ctx, conv, h); err != nil {
		return cause
	}
	return nil
}

// understand reads what a turn needs and decides; nil when there is nothing to do.
func (s *Service) understand(ctx context.Context, m *kefu.Message) (*turn, error) {
	if s.answered(ctx, m.OrgID, m.ConversationID, replyID(m.ID)) {
		return nil, nil
	}
	t, err := s.load(ctx, m)
	if err != nil || t == nil {
		return nil, err
	}
	return t, s.decide(ctx, t)
}

// answered reports whether the conversation already has the message with clientID (a turn
// retried after its reply committed).
func (s *Service) answered(ctx context.Context, orgID, convID, clientID string) bool {
	_, err := s.opts.Store.GetMessageByClientID(ctx, orgID, convID, clientID)
	return err == nil
}

// load reads the conversation, its inbox and organisation; nil when the bot no longer holds it.
func (s *Service) load(ctx context.Context, m *kefu.Message) (*turn, error) {
	conv, err := s.opts.Store.GetConversation(ctx, m.OrgID, m.ConversationID)
	if err != nil || !botHolds(conv) {
		return nil, err
	}
	inbox, err := s.opts.Store.GetInbox(ctx, m.OrgID, conv.InboxID)
	if err != nil {
		return nil, err
	}
	org, err := s.opts.Store.GetOrg(ctx, m.OrgID)
	if err != nil {
		return nil, err
	}
	locale := localeOf(m.Content, conv.Language, org.Settings.Locale)
	return &turn{org: org, conv: conv, inbox: inbox, msg: m, locale: locale, words: textsFor(locale)}, nil
}

// botHolds reports whether the bot may still write in c: it holds it and nobody took it.
func botHolds(c *kefu.Conversation) bool {
	return c.BotState == kefu.BotActive && c.AssigneeID == ""
}

// decide retrieves articles for the message and decides, then lets the organisation's model
// write the answer when the inbox uses one.
func (s *Service) decide(ctx context.Context, t *turn) error {
	text := ""
	if t.msg.Kind == kefu.KindText {
		text = t.msg.Content
	}
	var err error
	if t.hits, err = s.opts.Knowledge.BotSearch(ctx, t.org.ID, text, t.locale, searchLimit); err != nil {
		return err
	}
	run := 0
	if sess, err := s.opts.Store.GetBotSession(ctx, t.org.ID, t.conv.ID); err == nil {
		run = sess.LowRun
	} else if !kefu.IsNotFound(err) {
		return err
	}
	t.decision = bot.Decide(text, hitsOf(t.hits), bot.State{LowConfidenceRun: run}, configOf(t.inbox.Bot))
	s.generate(ctx, t, text)
	return nil
}

// hitsOf is the retrieval part of the knowledge base's results.
func hitsOf(results []kb.Result) []retrieve.Hit {
	hits := make([]retrieve.Hit, len(results))
	for i, r := range results {
		hits[i] = r.Hit
	}
	return hits
}

// configOf is the decision's configuration from the inbox's settings (zero takes defaults).
func configOf(s kefu.BotSettings) bot.Config {
	return bot.Config{AnswerThreshold: s.AnswerThreshold, SuggestThreshold: s.SuggestThreshold,
		LowConfidenceLimit: s.LowConfidenceLimit}
}

// generate asks the organisation's model for a grounded answer when the inbox uses one and the
// decision has articles to ground it in. A model that does not know hands over; a model that
// fails leaves the articles' decision as it was (logged).
func (s *Service) generate(ctx context.Context, t *turn, question string) {
	d := &t.decision
	if !t.inbox.Bot.UseLLM || s.opts.Models == nil || d.Action == bot.ActionHandoff || len(d.ArticleIDs) == 0 {
		return
	}
	model, err := s.opts.Models.Model(ctx, t.org.ID)
	if err != nil || model == nil {
		s.logModelError(ctx, t, err)
		return
	}
	ans, err := model.Answer(ctx, question, t.locale, s.sources(t))
	if err != nil {
		s.logModelError(ctx, t, err)
		return
	}
	if !ans.Known {
		d.Action, d.Reason = bot.ActionHandoff, kefu.HandoffLLMUnsure
		return
	}
	t.answer = &ans
}

func (s *Service) logModelError(ctx context.Context, t *turn, err error) {
	if err != nil {
		s.log.WarnContext(ctx, "the language model failed; answering with articles", "org_id", t.org.ID, "err", err)
	}
}

// sources are the top articles of the turn as a model reads them.
func (s *Service) sources(t *turn) []llm.Source {
	var out []llm.Source
	for _, r := range t.hits {
		if len(out) == sourceLimit {
			break
		}
		out = append(out, llm.Source{ID: r.Article.ID, Title: r.Article.Title, Body: s.opts.Knowledge.PlainText(r.Article.Body)})
	}
	return out
}

// errNotTheBots ends a write the bot may no longer make; the turn is then done.
var errNotTheBots = errors.New("the bot no longer holds the conversation")
