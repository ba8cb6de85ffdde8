package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

type assistView struct {
	Query    string `json:"query"`
	Articles []struct {
		ID         string  `json:"id"`
		Title      string  `json:"title"`
		Snippet    string  `json:"snippet"`
		Body       string  `json:"body"`
		Confidence float64 `json:"confidence"`
	} `json:"articles"`
	Canned []struct {
		ID       string `json:"id"`
		Shortcut string `json:"shortcut"`
		Content  string `json:"content"`
	} `json:"canned"`
}

func (a assistView) articleIDs() []string {
	ids := []string{}
	for _, x := range a.Articles {
		ids = append(ids, x.ID)
	}
	return ids
}

func (a assistView) cannedIDs() []string {
	ids := []string{}
	for _, c := range a.Canned {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestAssistAPI suggests, for the customer's last text message as the agent sees it (masked),
// the published articles in the conversation's language and the canned replies the agent may
// use that share its words; nothing for a conversation the caller cannot see.
func TestAssistAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o, other := s.mustSetupOrg("Assist"), s.mustSetupOrg("Stranger")
		sup, agent := o.Tokens["supervisor"], o.Tokens["agent"]
		long := "收到商品 **7 天内**可申请退款，" + strings.Repeat("退款审核通过后原路退回。", 30)
		var refund, draft, shipping kbArticle
		s.mustDo(201, "POST", "/api/v1/kb/articles", sup, map[string]any{"title": "退款多久到账", "body": long,
			"locale": "zh-CN", "status": "published", "questions": []string{"钱什么时候退回来"}}).JSON(t, &refund)
		s.mustDo(201, "POST", "/api/v1/kb/articles", sup, map[string]any{"title": "退款到账查询（草稿）", "body": "草稿",
			"locale": "zh-CN"}).JSON(t, &draft)
		s.mustDo(201, "POST", "/api/v1/kb/articles", sup, map[string]any{"title": "How long does a refund take", "body": "Refunds take 3 days.",
			"locale": "en", "status": "published"}).JSON(t, &shipping)
		var shared, mine, theirs struct {
			ID string `json:"id"`
		}
		s.mustDo(201, "POST", "/api/v1/canned-replies", sup, map[string]string{"shortcut": "refund", "content": "退款会在 1-3 个工作日内到账。", "scope": "shared"}).JSON(t, &shared)
		s.mustDo(201, "POST", "/api/v1/canned-replies", agent, map[string]string{"shortcut": "wait", "content": "请稍等，我查一下退款进度。"}).JSON(t, &mine)
		s.mustDo(201, "POST", "/api/v1/canned-replies", sup, map[string]string{"shortcut": "sup-only", "content": "退款到账了吗？"}).JSON(t, &theirs)
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"pii_policy": "mask"})

		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "你好")
		s.mustDo(201, "POST", "/api/v1/widget/conversations/"+conv+"/messages", v.Token, map[string]string{
			"content": "我的退款多久能到账？电话 13812345678", "client_msg_id": "second"})
		s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", agent, map[string]string{"content": "稍等", "client_msg_id": "reply"})

		var a assistView
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/assist", agent, nil).JSON(t, &a)
		if !strings.HasPrefix(a.Query, "我的退款多久能到账") || strings.Contains(a.Query, "13812345678") {
			t.Errorf("query = %q, want the customer's last message, masked", a.Query)
		}
		if ids := a.articleIDs(); len(ids) == 0 || ids[0] != refund.ID || strings.Contains(strings.Join(ids, ","), draft.ID) {
			t.Errorf("articles = %v, want the refund article first and never the draft", ids)
		}
		if len(a.Articles) > 0 {
			x := a.Articles[0]
			if n := utf8.RuneCountInString(x.Snippet); n > 200 || !strings.HasPrefix(x.Snippet, "收到商品 7 天内可申请退款") || x.Body != long || x.Confidence <= 0 {
				t.Errorf("article = %q (%d characters), confidence %v; want a plain-text snippet of at most 200 and the body", x.Snippet, n, x.Confidence)
			}
		}
		if ids := a.cannedIDs(); len(ids) != 2 || ids[0] != shared.ID || ids[1] != mine.ID {
			t.Errorf("canned = %v, want the shared refund reply then the agent's own (%s, %s), never another's", ids, shared.ID, mine.ID)
		}

		// An English conversation gets English articles only.
		s.mustDo(200, "PATCH", "/api/v1/conversations/"+conv+"/routing-attributes", agent, map[string]string{"language": "en-GB"})
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/assist", agent, nil).JSON(t, &a)
		if strings.Contains(strings.Join(a.articleIDs(), ","), refund.ID) {
			t.Errorf("articles in English = %v, want no Chinese article", a.articleIDs())
		}

		if r := s.do("GET", "/api/v1/conversations/"+conv+"/assist", other.Tokens["owner"], nil); r.Status != 404 {
			t.Errorf("another organisation's owner: %d, want 404", r.Status)
		}
		if r := s.do("GET", "/api/v1/conversations/00000000-0000-0000-0000-000000000000/assist", agent, nil); r.Status != 404 {
			t.Errorf("an unknown conversation: %d, want 404", r.Status)
		}
	})
}
