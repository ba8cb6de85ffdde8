package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
)

// TestBotHandOffIsRoutedWithTheEmotion: an angry customer is handed over at once, the
// emotion is on the conversation, a routing rule on it raises the priority, and the visitor
// is told their place in the queue.
func TestBotHandOffIsRoutedWithTheEmotion(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		w := mustBotWorld(t, db)
		owner := w.o.Tokens["owner"]
		w.mustCreateRule(owner, map[string]any{"name": "Angry first", "enabled": true, "priority": "urgent",
			"conditions": map[string]any{"emotions": []string{"angry", "negative"}}, "target": map[string]any{"policy": "least_loaded"}})
		w.mustDo(200, "PATCH", "/api/v1/agents/"+w.o.AgentIDs["agent"], owner, map[string]any{"capacity": 0})
		w.connectAgent(w.o.Tokens["agent"])
		v := w.mustVisitor(w.o.WidgetKey)
		convID := w.mustStartConversation(v, "你们就是骗子！！！我要投诉")
		if r := w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID))); r.Bot.Action != "handoff" {
			t.Fatalf("reply to an angry customer %+v: want the hand-off at once", r)
		}
		var c struct {
			Priority string `json:"priority"`
			Emotion  string `json:"emotion"`
			Status   string `json:"status"`
		}
		w.mustDo(200, "GET", "/api/v1/conversations/"+convID, owner, nil).JSON(t, &c)
		if c.Priority != "urgent" || c.Emotion == "" || c.Status != "open" {
			t.Errorf("conversation after an angry hand-off %+v: want open, urgent by the emotion rule, with the emotion", c)
		}
		var q struct {
			State    string `json:"state"`
			Position int    `json:"position"`
		}
		w.mustDo(200, "GET", "/api/v1/widget/conversations/"+convID+"/queue", v.Token, nil).JSON(t, &q)
		if q.State != "queued" || q.Position != 1 {
			t.Errorf("the visitor's queue after the hand-off %+v: want queued, first", q)
		}
	})
}

// TestBotHelpfulAnswerResolvesAndTheBotAnswersAgain: "yes" thanks and resolves; writing again
// reopens the conversation to the bot, not to the queue.
func TestBotHelpfulAnswerResolvesAndTheBotAnswersAgain(t *testing.T) {
	w := mustBotWorld(t, databases()[0])
	v := w.mustVisitor(w.o.WidgetKey)
	convID := w.mustStartConversation(v, "怎么退货")
	answer := w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID)))
	var vc struct {
		Status   string `json:"status"`
		BotState string `json:"bot_state"`
	}
	w.mustDo(200, "POST", "/api/v1/widget/conversations/"+convID+"/bot/feedback", v.Token,
		map[string]any{"message_id": answer.ID, "helpful": true}).JSON(t, &vc)
	if vc.Status != "resolved" || vc.BotState != "active" {
		t.Errorf("after 'yes' %+v: want resolved, still the bot's", vc)
	}
	if r := w.waitBotReply(v, convID, answer.ID); r.Bot.Action != "thanks" {
		t.Errorf("after 'yes' the bot said %+v, want thanks", r)
	}
	again := w.visitorSay(v, convID, "again", "快递到哪了")
	if r := w.waitBotReply(v, convID, again); r.Bot.Action != "answer" || r.Bot.Articles[0].ID != w.parcels {
		t.Errorf("reply after reopening %+v: want the parcels article", r)
	}
	w.mustDo(200, "GET", "/api/v1/conversations/"+convID, w.o.Tokens["owner"], nil).JSON(t, &vc)
	if vc.Status != "pending" || vc.BotState != "active" {
		t.Errorf("reopened %+v: want pending with the bot, out of the queue", vc)
	}
	r := w.do("POST", "/api/v1/widget/conversations/"+convID+"/bot/feedback", v.Token, map[string]any{"message_id": again, "helpful": true})
	if r.Status != 422 {
		t.Errorf("feedback on the customer's own message: status %d, want 422", r.Status)
	}
}

// TestBotHandOffLosesNoMessage: messages sent at the same time as a request for a person are
// all kept, in one gap-free order, and the bot writes nothing after its hand-off.
func TestBotHandOffLosesNoMessage(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		w := mustBotWorld(t, db)
		v := w.mustVisitor(w.o.WidgetKey)
		convID := w.mustStartConversation(v, "你好")
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				text := fmt.Sprintf("消息 %d 怎么退货", i)
				if i == 5 {
					text = "转人工"
				}
				if _, err := restSend(w.URL(), v.Token, convID, fmt.Sprintf("burst-%d", i), text, true); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		var handoffSeq int64
		waitFor(t, 10*time.Second, "the hand-off", func() bool {
			for _, m := range w.visitorMessages(v, convID) {
				if m.Bot != nil && m.Bot.Action == "handoff" {
					handoffSeq = m.Seq
					return true
				}
			}
			return false
		})
		msgs := w.visitorMessages(v, convID)
		customer := 0
		for i, m := range msgs {
			if m.Seq != int64(i+1) {
				t.Fatalf("seq %d at position %d: want gap-free", m.Seq, i)
			}
			if m.SenderType == "contact" {
				customer++
			}
			if m.SenderType == "bot" && m.Seq > handoffSeq {
				t.Errorf("the bot wrote %q after its hand-off", m.Content)
			}
		}
		if customer != 13 {
			t.Errorf("%d customer messages kept, want 13", customer)
		}
	})
}

// TestBotAnswersWithTheLanguageModel: with the organisation's model on and the inbox using
// it, the answer is the model's, grounded in and citing the article; when the model does not
// know, the bot hands over (llm_unsure). The model is a fake OpenAI-compatible API.
func TestBotAnswersWithTheLanguageModel(t *testing.T) {
	w := mustBotWorld(t, databases()[0])
	model := llmtest.New(t)
	w.mustDo(200, "PUT", "/api/v1/bot/llm", w.o.Tokens["owner"], map[string]any{"enabled": true, "base_url": model.URL,
		"model": model.Model, "embedding_model": "", "api_key": model.Key})
	w.mustSetBot(w.o, map[string]any{"mode": "always", "use_llm": true})
	v := w.mustVisitor(w.o.WidgetKey)
	convID := w.mustStartConversation(v, "怎么退货")
	r := w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID)))
	if r.Bot.Action != "answer" || !r.Bot.Generated || len(r.Bot.Articles) == 0 || r.Bot.Articles[0].ID != w.returns {
		t.Fatalf("reply %+v: want the model's answer citing the returns article", r)
	}
	chats := model.Chats()
	if len(chats) != 1 || !strings.Contains(chatText(chats[0]), "退货流程") || strings.Contains(chatText(chats[0]), v.ContactID) {
		t.Errorf("the model got %d requests; want one with the article and nothing about the contact", len(chats))
	}
	model.SetResponder(llmtest.Say("NO_ANSWER"))
	q := w.visitorSay(v, convID, "q", "退货怎么弄")
	if r := w.waitBotReply(v, convID, q); r.Bot.Action != "handoff" {
		t.Fatalf("reply when the model does not know %+v: want the hand-off", r)
	}
	var note botNote
	w.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/bot", w.o.Tokens["agent"], nil).JSON(t, &note)
	if note.Reason != "llm_unsure" {
		t.Errorf("bot note %+v: want llm_unsure", note)
	}
}

// chatText is everything a chat request sent the model.
func chatText(c llmtest.ChatRequest) string {
	var b strings.Builder
	for _, m := range c.Messages {
		b.WriteString(m.Content + "\n")
	}
	return b.String()
}

// TestBotLowConfidenceLimitCountsTheRun: with a limit of 3, the first two not-understood
// messages get a request to rephrase (or suggestions) and the third hands over.
func TestBotLowConfidenceLimitCountsTheRun(t *testing.T) {
	w := mustBotWorld(t, databases()[0])
	w.mustSetBot(w.o, map[string]any{"mode": "always", "low_confidence_limit": 3})
	v := w.mustVisitor(w.o.WidgetKey)
	convID := w.mustStartConversation(v, "你们老板叫什么名字")
	first := w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID)))
	second := w.waitBotReply(v, convID, w.visitorSay(v, convID, "q2", "火星上能用优惠券吗量子"))
	third := w.waitBotReply(v, convID, w.visitorSay(v, convID, "q3", "明天的天气预报说什么"))
	if first.Bot.Action == "handoff" || second.Bot.Action == "handoff" || third.Bot.Action != "handoff" {
		t.Errorf("actions %s, %s, %s: want two tries, then the hand-off at the third", first.Bot.Action, second.Bot.Action, third.Bot.Action)
	}
}
