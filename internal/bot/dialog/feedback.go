package dialog

import (
	"context"
	"strconv"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// What the customer tells the bot besides messages: whether an answer helped, and that they
// want a person now.

// Feedback takes the customer's "did this help?" on one of the bot's answers in their
// conversation. Yes thanks them and resolves the conversation (still the bot's: writing again
// reopens it to the bot); no hands it over, keeping the question for the knowledge base.
func (s *Service) Feedback(ctx context.Context, actor kefu.Actor, convID, messageID string, helpful bool) (*kefu.Conversation, error) {
	c, card, err := s.feedbackTarget(ctx, actor, convID, messageID)
	if err != nil {
		return nil, err
	}
	inbox, err := s.opts.Store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	words := textsFor(localeOf(card.Content, c.Language, ""))
	if !helpful {
		return s.notHelpful(ctx, c, card, inbox, words)
	}
	return s.helpful(ctx, c, card, inbox, words)
}

// feedbackTarget checks the visitor's conversation and that the message is a bot answer in it
// asking for feedback, while the bot holds the conversation.
func (s *Service) feedbackTarget(ctx context.Context, actor kefu.Actor, convID, messageID string) (*kefu.Conversation, *kefu.Message, error) {
	c, err := s.visitorConversation(ctx, actor, convID)
	if err != nil {
		return nil, nil, err
	}
	card, err := s.opts.Store.GetMessage(ctx, c.OrgID, messageID)
	if kefu.IsNotFound(err) || err == nil && (card.ConversationID != c.ID || card.Bot == nil || !card.Bot.AskFeedback) {
		return nil, nil, kefu.FieldError("message_id", "message_id must name one of the bot's answers in this conversation")
	}
	return c, card, err
}

// visitorConversation is the visitor's conversation while the bot holds it.
func (s *Service) visitorConversation(ctx context.Context, actor kefu.Actor, convID string) (*kefu.Conversation, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	c, err := s.opts.Router.Get(ctx, actor, convID)
	if err != nil {
		return nil, err
	}
	if !botHolds(c) {
		return nil, conversation.ErrBotNotActive
	}
	return c, nil
}

// helpful thanks the customer and resolves the conversation as the bot's success.
func (s *Service) helpful(ctx context.Context, c *kefu.Conversation, card *kefu.Message, inbox *kefu.Inbox, w texts) (*kefu.Conversation, error) {
	reply := botMessage(inbox.Bot, w, w.thanks, &kefu.BotCard{Action: kefu.BotCardThanks, ReplyTo: card.ID})
	reply.ClientMsgID = "bot:yes:" + card.ID
	events := []kefu.BotEvent{
		{Kind: kefu.BotEventHelpful, MessageID: card.ID, ArticleID: firstID(card.Bot.Articles)},
		{Kind: kefu.BotEventResolved, MessageID: c.ID}, // once per conversation
	}
	return s.opts.Store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if !botHolds(c) {
			return nil, conversation.ErrBotNotActive
		}
		c.Status = kefu.StatusResolved
		m := *reply
		return &m, saveSession(tx, c, func(*kefu.BotSession) {}, events)
	})
}

// notHelpful hands over, keeping the question the answer did not answer.
func (s *Service) notHelpful(ctx context.Context, c *kefu.Conversation, card *kefu.Message, inbox *kefu.Inbox, w texts) (*kefu.Conversation, error) {
	question := s.questionOf(ctx, c.OrgID, card)
	return s.handOver(ctx, c, handoff{
		reason: kefu.HandoffNotHelpful, words: w, settings: inbox.Bot, question: question,
		guesses: card.Bot.Articles, clientID: "bot:no:" + card.ID,
		events: []kefu.BotEvent{{Kind: kefu.BotEventNotHelpful, MessageID: card.ID, ArticleID: firstID(card.Bot.Articles),
			Question: clip(question, maxQuestion)}},
	})
}

// questionOf is the customer's text a bot answer replied to; "" when it is gone.
func (s *Service) questionOf(ctx context.Context, orgID string, card *kefu.Message) string {
	if card.Bot.ReplyTo == "" {
		return ""
	}
	m, err := s.opts.Store.GetMessage(ctx, orgID, card.Bot.ReplyTo)
	if err != nil {
		return ""
	}
	return m.Content
}

// RequestPerson hands the visitor's conversation over at their request (the widget's "talk to
// a person" button).
func (s *Service) RequestPerson(ctx context.Context, actor kefu.Actor, convID string) (*kefu.Conversation, error) {
	c, err := s.visitorConversation(ctx, actor, convID)
	if err != nil {
		return nil, err
	}
	inbox, err := s.opts.Store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	org, err := s.opts.Store.GetOrg(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	return s.handOver(ctx, c, handoff{reason: kefu.HandoffButton, words: textsFor(localeOf("", c.Language, org.Settings.Locale)),
		settings: inbox.Bot, clientID: "bot:btn:" + strconv.FormatInt(s.now().UnixMicro(), 36)})
}
