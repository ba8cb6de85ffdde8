package main

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// botMessage is a message as the widget reads it, with the bot's card.
type botMessage struct {
	ID         string `json:"id"`
	Seq        int64  `json:"seq"`
	SenderType string `json:"sender_type"`
	Content    string `json:"content"`
	Bot        *struct {
		Action      string `json:"action"`
		AskFeedback bool   `json:"ask_feedback"`
		Generated   bool   `json:"generated"`
		ReplyTo     string `json:"reply_to"`
		Articles    []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"articles"`
	} `json:"bot"`
}

// botNote is GET /conversations/{id}/bot.
type botNote struct {
	State    string `json:"state"`
	Reason   string `json:"reason"`
	Emotion  string `json:"emotion"`
	Question string `json:"question"`
	Turns    int    `json:"turns"`
	Guesses  []struct {
		ID string `json:"id"`
	} `json:"guesses"`
}

// mustSetBot gives the organisation's web inbox the bot settings, as an administrator does.
func (s *testServer) mustSetBot(o *org, settings map[string]any) {
	s.t.Helper()
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"bot": settings})
}

// mustArticle publishes a knowledge-base article and returns its id.
func (s *testServer) mustArticle(o *org, title, body, locale string, questions ...string) string {
	s.t.Helper()
	var a kbArticle
	s.mustDo(201, "POST", "/api/v1/kb/articles", o.Tokens["owner"], map[string]any{
		"title": title, "body": body, "locale": locale, "status": "published", "questions": questions,
	}).JSON(s.t, &a)
	return a.ID
}

// visitorMessages reads the conversation as its visitor sees it.
func (s *testServer) visitorMessages(v *visitor, convID string) []botMessage {
	s.t.Helper()
	var out struct {
		Messages []botMessage `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations/"+convID+"/messages", v.Token, nil).JSON(s.t, &out)
	return out.Messages
}

// waitBotReply waits until the bot replied to the conversation's message replyTo and returns
// the reply.
func (s *testServer) waitBotReply(v *visitor, convID, replyTo string) botMessage {
	s.t.Helper()
	var got botMessage
	waitFor(s.t, 10*time.Second, "the bot's reply to "+replyTo, func() bool {
		for _, m := range s.visitorMessages(v, convID) {
			if m.SenderType == "bot" && m.Bot != nil && m.Bot.ReplyTo == replyTo {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// visitorSay sends text as the visitor and returns the message's id.
func (s *testServer) visitorSay(v *visitor, convID, clientID, text string) string {
	s.t.Helper()
	return mustRESTSend(s.t, s, v.Token, convID, clientID, text, true).ID
}

// firstCustomerMessage is the id of the conversation's first message from the visitor.
func firstCustomerMessage(msgs []botMessage) string {
	for _, m := range msgs {
		if m.SenderType == "contact" {
			return m.ID
		}
	}
	return ""
}

// botTurnJobs counts the organisation's bot.turn jobs about a message, as the store has them.
func (s *testServer) botTurnJobs(orgID, messageID string) int {
	s.t.Helper()
	list, err := s.store.ListJobs(context.Background(), orgID, kefu.JobQuery{Ref: messageID})
	if err != nil {
		s.t.Fatal(err)
	}
	n := 0
	for _, j := range list {
		if j.Kind == kefu.BotJobKind {
			n++
		}
	}
	return n
}
