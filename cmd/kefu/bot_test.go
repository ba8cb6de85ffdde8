package main

import (
	"strings"
	"testing"
	"time"
)

// botWorld is an organisation whose web inbox has the bot always on, with a small knowledge
// base in Chinese and English.
type botWorld struct {
	*testServer
	o                *org
	returns, parcels string
}

func mustBotWorld(t *testing.T, db database) *botWorld {
	s := MustRunMain(t, testConfig(t, db))
	o := s.mustSetupOrg("Bot")
	w := &botWorld{testServer: s, o: o}
	w.returns = s.mustArticle(o, "退货流程", "1. 在订单页点 **申请退货**\n2. 寄回商品，运费自理。", "zh-CN", "怎么退货", "我要退货", "退货怎么弄")
	w.parcels = s.mustArticle(o, "物流查询", "在订单页可以看到快递单号和物流进度。", "zh-CN", "快递到哪了", "查物流")
	s.mustArticle(o, "How to return an item", "Open the order and choose **Return**.", "en", "how do I return something")
	s.mustSetBot(o, map[string]any{"mode": "always"})
	return w
}

// TestBotAnswersThenHandsOverWhenItDoesNotUnderstand walks the visitor flow over the
// API: the returns article with the feedback card, twice not understood and handed over with
// the whole transcript, nothing lost.
func TestBotAnswersThenHandsOverWhenItDoesNotUnderstand(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		w := mustBotWorld(t, db)
		v := w.mustVisitor(w.o.WidgetKey)
		convID := w.mustStartConversation(v, "怎么退货")
		msgs := w.visitorMessages(v, convID)
		if len(msgs) < 2 || msgs[0].SenderType != "bot" || msgs[0].Bot == nil || msgs[0].Bot.Action != "greeting" {
			t.Fatalf("messages %+v: want the bot's greeting first", msgs)
		}
		answer := w.waitBotReply(v, convID, firstCustomerMessage(msgs))
		if answer.Bot.Action != "answer" || !answer.Bot.AskFeedback || len(answer.Bot.Articles) == 0 || answer.Bot.Articles[0].ID != w.returns {
			t.Fatalf("reply %+v: want the returns article with the feedback card", answer)
		}
		if !strings.HasPrefix(answer.Content, "退货流程\n\n") || strings.Contains(answer.Content, "**") {
			t.Errorf("answer text %q: want the title, a blank line and the article as plain text", answer.Content)
		}
		q1 := w.visitorSay(v, convID, "q1", "你们老板叫什么名字")
		if r := w.waitBotReply(v, convID, q1); r.Bot.Action != "rephrase" && r.Bot.Action != "suggest" {
			t.Fatalf("reply to an unknown question %+v: want a request to rephrase or suggestions", r)
		}
		q2 := w.visitorSay(v, convID, "q2", "火星上能用优惠券吗量子")
		if r := w.waitBotReply(v, convID, q2); r.Bot.Action != "handoff" {
			t.Fatalf("reply to the second unknown question %+v: want the hand-off", r)
		}
		var note botNote
		w.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/bot", w.o.Tokens["agent"], nil).JSON(t, &note)
		if note.State != "handed_off" || note.Reason != "low_confidence" || note.Question != "火星上能用优惠券吗量子" || note.Turns != 3 {
			t.Errorf("bot note %+v: want handed over for low confidence on the last question after 3 turns", note)
		}
		var agentView struct {
			Status   string `json:"status"`
			BotState string `json:"bot_state"`
		}
		w.mustDo(200, "GET", "/api/v1/conversations/"+convID, w.o.Tokens["owner"], nil).JSON(t, &agentView)
		if agentView.Status != "open" || agentView.BotState != "handed_off" {
			t.Errorf("conversation %+v: want open and handed off", agentView)
		}
		var texts []string
		for _, m := range w.visitorMessages(v, convID) {
			if m.SenderType == "contact" {
				texts = append(texts, m.Content)
			}
		}
		if strings.Join(texts, "|") != "怎么退货|你们老板叫什么名字|火星上能用优惠券吗量子" {
			t.Errorf("customer messages %q: want all three, in order", texts)
		}
	})
}

// TestBotHandsOverAtOnceOnRequest: 转人工 and the widget's button hand over without asking.
func TestBotHandsOverAtOnceOnRequest(t *testing.T) {
	w := mustBotWorld(t, databases()[0])
	v := w.mustVisitor(w.o.WidgetKey)
	convID := w.mustStartConversation(v, "转人工")
	if r := w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID))); r.Bot.Action != "handoff" {
		t.Fatalf("reply to 转人工 %+v: want the hand-off at once", r)
	}
	var note botNote
	w.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/bot", w.o.Tokens["agent"], nil).JSON(t, &note)
	if note.Reason != "asked_for_human" {
		t.Errorf("bot note %+v: want asked_for_human", note)
	}
	if code := w.do("POST", "/api/v1/widget/conversations/"+convID+"/bot/handoff", v.Token, nil).Code(t); code != "bot_not_active" {
		t.Errorf("the button after the hand-off: %s, want bot_not_active", code)
	}

	v2 := w.mustVisitor(w.o.WidgetKey)
	conv2 := w.mustStartConversation(v2, "怎么退货")
	answer := w.waitBotReply(v2, conv2, firstCustomerMessage(w.visitorMessages(v2, conv2)))
	w.mustDo(200, "POST", "/api/v1/widget/conversations/"+conv2+"/bot/feedback", v2.Token, map[string]any{"message_id": answer.ID, "helpful": false})
	w.mustDo(200, "GET", "/api/v1/conversations/"+conv2+"/bot", w.o.Tokens["agent"], nil).JSON(t, &note)
	if note.Reason != "not_helpful" || note.Question != "怎么退货" || len(note.Guesses) == 0 || note.Guesses[0].ID != w.returns {
		t.Errorf("bot note after 'no' %+v: want not_helpful with the question and the article as guess", note)
	}
}

// TestBotNeverAnswersAfterAPersonTookOver: once an agent takes the conversation, a customer's
// message queues no bot turn and gets no bot reply.
func TestBotNeverAnswersAfterAPersonTookOver(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		w := mustBotWorld(t, db)
		v := w.mustVisitor(w.o.WidgetKey)
		convID := w.mustStartConversation(v, "怎么退货")
		w.waitBotReply(v, convID, firstCustomerMessage(w.visitorMessages(v, convID)))
		w.mustDo(200, "POST", "/api/v1/conversations/"+convID+"/assign", w.o.Tokens["owner"], map[string]any{"assignee_id": w.o.AgentIDs["agent"]})
		later := w.visitorSay(v, convID, "after", "快递到哪了")
		if n := w.botTurnJobs(w.o.ID, later); n != 0 {
			t.Fatalf("%d bot turns queued after the agent took over, want none", n)
		}
		time.Sleep(300 * time.Millisecond) // a turn queued by mistake would have run by now
		for _, m := range w.visitorMessages(v, convID) {
			if m.SenderType == "bot" && m.Bot != nil && m.Bot.ReplyTo == later {
				t.Fatalf("the bot answered %q after the agent took over", m.Content)
			}
		}
	})
}
