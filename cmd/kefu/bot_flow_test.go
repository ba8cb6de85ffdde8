package main

import (
	"fmt"
	"sync"
	"testing"
	"time"
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
