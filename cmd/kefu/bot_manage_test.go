package main

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// botDay is a kefu.BotDay as the API returns it.
type botDay struct {
	Day        string         `json:"day"`
	InboxID    string         `json:"inbox_id"`
	Started    int            `json:"started"`
	Resolved   int            `json:"resolved"`
	Unanswered int            `json:"unanswered"`
	Handoffs   map[string]int `json:"handoffs"`
}

type botMetrics struct {
	Days   []botDay `json:"days"`
	Totals botDay   `json:"totals"`
}

// mustBotEvent records a bot event the way the dialog does, in the store the server uses.
func (s *testServer) mustBotEvent(o *org, convID, kind, reason, msg string, at time.Time) *kefu.BotEvent {
	s.t.Helper()
	e := &kefu.BotEvent{OrgID: o.ID, InboxID: o.InboxID, ConversationID: convID, MessageID: msg, Kind: kind, Reason: reason, CreatedAt: at}
	if kind == kefu.BotEventUnanswered || kind == kefu.BotEventNotHelpful {
		e.Question = "客户问：" + msg
	}
	if err := s.store.RecordBotEvent(context.Background(), e); err != nil {
		s.t.Fatal(err)
	}
	return e
}

// TestBotMetricsAPI counts the bot's events per inbox and day in the organisation's time zone
// (Asia/Shanghai), only its own, and refuses bad ranges and callers without reports.view.
func TestBotMetricsAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o, other := s.mustSetupOrg("Metrics"), s.mustSetupOrg("Elsewhere")
		conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "你好")
		sh, _ := time.LoadLocation("Asia/Shanghai")
		now := time.Now().In(sh)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, sh)
		s.mustBotEvent(o, conv, kefu.BotEventStarted, "", "m1", today.Add(time.Second))
		s.mustBotEvent(o, conv, kefu.BotEventHandoff, kefu.HandoffAskedForHuman, "m2", today.Add(2*time.Second))
		s.mustBotEvent(o, conv, kefu.BotEventStarted, "", "m0", today.Add(-time.Second)) // 23:59:59 yesterday there
		s.mustBotEvent(other, conv, kefu.BotEventStarted, "", "x1", today.Add(time.Second))
		var m botMetrics
		s.mustDo(200, "GET", "/api/v1/bot/metrics", o.Tokens["supervisor"], nil).JSON(t, &m)
		last := len(m.Days) - 1
		if len(m.Days) != 7 || m.Days[last].Day != today.Format("2006-01-02") || m.Days[last].InboxID != o.InboxID {
			t.Fatalf("default metrics = %+v, want 7 days of the inbox up to today in Shanghai", m.Days)
		}
		if d := m.Days[last]; d.Started != 1 || d.Handoffs["asked_for_human"] != 1 {
			t.Errorf("today = %+v, want 1 started and 1 hand-off asked for (the other organisation's not counted)", d)
		}
		if d := m.Days[last-1]; d.Started != 1 || d.Handoffs == nil {
			t.Errorf("yesterday = %+v, want the event at 23:59:59 there", d)
		}
		if m.Totals.Started != 2 || m.Totals.Day != "" {
			t.Errorf("totals = %+v, want 2 started", m.Totals)
		}
		day := today.Format("2006-01-02")
		q := url.Values{"from": {day}, "to": {day}, "inbox_id": {o.InboxID}}
		s.mustDo(200, "GET", "/api/v1/bot/metrics?"+q.Encode(), o.Tokens["owner"], nil).JSON(t, &m)
		if len(m.Days) != 1 || m.Days[0].Started != 1 {
			t.Errorf("today alone = %+v", m.Days)
		}
		for name, query := range map[string]string{
			"from after to":  "from=2025-03-02&to=2025-03-01",
			"93 days":        "from=2025-01-01&to=2025-04-03",
			"not a date":     "from=01/03/2025",
			"bad inbox id":   "inbox_id=inbox-1",
			"impossible day": "to=2025-02-30",
		} {
			if r := s.do("GET", "/api/v1/bot/metrics?"+query, o.Tokens["owner"], nil); r.Status != 422 || r.Code(t) != "invalid_input" {
				t.Errorf("%s: %d %s, want 422 invalid_input", name, r.Status, r.Body)
			}
		}
		if r := s.do("GET", "/api/v1/bot/metrics", o.Tokens["agent"], nil); r.Status != 403 {
			t.Errorf("an agent without reports.view: %d, want 403", r.Status)
		}
	})
}

type unansweredView struct {
	ID            string `json:"id"`
	InboxID       string `json:"inbox_id"`
	Question      string `json:"question"`
	Reason        string `json:"reason"`
	BestArticleID string `json:"best_article_id"`
	Status        string `json:"status"`
}

type unansweredList struct {
	Items      []unansweredView `json:"items"`
	NextCursor string           `json:"next_cursor"`
}

// TestBotUnansweredAPI walks the improvement list: pages newest first, adds a question to an
// article (which the search then finds by it), dismisses another, refuses a second action on
// either, keeps organisations apart and audits each change.
func TestBotUnansweredAPI(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o, other := s.mustSetupOrg("Improve"), s.mustSetupOrg("Other")
		conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "你好")
		base := time.Now().Add(-time.Hour)
		var ids []string
		for i, msg := range []string{"发票怎么开", "能开专票吗", "发票抬头写错了"} {
			kind := kefu.BotEventUnanswered
			if i == 1 {
				kind = kefu.BotEventNotHelpful
			}
			ids = slices.Insert(ids, 0, s.mustBotEvent(o, conv, kind, "", msg, base.Add(time.Duration(i)*time.Second)).ID)
		}
		foreign := s.mustBotEvent(other, conv, kefu.BotEventUnanswered, "", "别人的问题", base).ID
		editor := o.Tokens["supervisor"]

		var page unansweredList
		s.mustDo(200, "GET", "/api/v1/bot/unanswered?limit=2", editor, nil).JSON(t, &page)
		got := []string{page.Items[0].ID, page.Items[1].ID}
		s.mustDo(200, "GET", "/api/v1/bot/unanswered?limit=2&cursor="+url.QueryEscape(page.NextCursor), editor, nil).JSON(t, &page)
		if got = append(got, page.Items[0].ID); !slices.Equal(got, ids) || len(page.Items) != 1 || page.NextCursor != "" {
			t.Fatalf("pages = %v then %+v, want %v newest first", got, page, ids)
		}
		if page.Items[0].Question != "客户问：发票怎么开" || page.Items[0].Reason != "unanswered" || page.Items[0].Status != "open" {
			t.Errorf("oldest question = %+v", page.Items[0])
		}

		var art kbArticle
		s.mustDo(201, "POST", "/api/v1/kb/articles", editor, map[string]any{"title": "如何开具发票", "body": "在订单页申请电子发票。",
			"locale": "zh-CN", "status": "published"}).JSON(t, &art)
		if r := s.do("POST", "/api/v1/bot/unanswered/"+ids[2]+"/add", editor, map[string]string{"article_id": "no-such-article"}); r.Status != 404 {
			t.Errorf("adding to an unknown article: %d %s, want 404", r.Status, r.Body)
		}
		var added unansweredView
		s.mustDo(200, "POST", "/api/v1/bot/unanswered/"+ids[2]+"/add", editor, map[string]string{"article_id": art.ID}).JSON(t, &added)
		if added.Status != "added" {
			t.Errorf("added = %+v", added)
		}
		var after kbArticle
		s.mustDo(200, "GET", "/api/v1/kb/articles/"+art.ID, editor, nil).JSON(t, &after)
		if !slices.Equal(after.Questions, []string{"客户问：发票怎么开"}) {
			t.Errorf("article questions = %v, want the customer's question", after.Questions)
		}
		if hits := s.kbSearch(o.Tokens["agent"], "客户问：发票怎么开", ""); len(hits) == 0 || hits[0] != art.ID {
			t.Errorf("search by the added question = %v, want the article", hits)
		}
		for name, r := range map[string]response{
			"add again":     s.do("POST", "/api/v1/bot/unanswered/"+ids[2]+"/add", editor, map[string]string{"article_id": art.ID}),
			"dismiss added": s.do("POST", "/api/v1/bot/unanswered/"+ids[2]+"/dismiss", editor, nil),
		} {
			if r.Status != 409 || r.Code(t) != "already_handled" {
				t.Errorf("%s: %d %s, want 409 already_handled", name, r.Status, r.Body)
			}
		}
		s.mustDo(200, "POST", "/api/v1/bot/unanswered/"+ids[1]+"/dismiss", editor, nil)
		s.mustDo(200, "GET", "/api/v1/bot/unanswered?status=dismissed", editor, nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != ids[1] || page.Items[0].Reason != "not_helpful" {
			t.Errorf("dismissed = %+v, want the not-helpful one", page.Items)
		}
		checks := map[string]struct {
			method, path, token string
			body                any
			status              int
		}{
			"an agent lists":                  {"GET", "/api/v1/bot/unanswered", o.Tokens["agent"], nil, 403},
			"an agent dismisses":              {"POST", "/api/v1/bot/unanswered/" + ids[0] + "/dismiss", o.Tokens["agent"], nil, 403},
			"another organisation's question": {"POST", "/api/v1/bot/unanswered/" + foreign + "/dismiss", editor, nil, 404},
			"a malformed id":                  {"POST", "/api/v1/bot/unanswered/nope/dismiss", editor, nil, 404},
			"no article id":                   {"POST", "/api/v1/bot/unanswered/" + ids[0] + "/add", editor, map[string]string{}, 422},
			"an unknown field":                {"POST", "/api/v1/bot/unanswered/" + ids[0] + "/add", editor, map[string]string{"article_id": art.ID, "x": "y"}, 422},
			"a bad status":                    {"GET", "/api/v1/bot/unanswered?status=closed", editor, nil, 422},
			"a bad cursor":                    {"GET", "/api/v1/bot/unanswered?cursor=garbage", editor, nil, 422},
		}
		for name, c := range checks {
			if r := s.do(c.method, c.path, c.token, c.body); r.Status != c.status {
				t.Errorf("%s: %d %s, want %d", name, r.Status, r.Body, c.status)
			}
		}
		s.mustDo(200, "GET", "/api/v1/bot/unanswered", other.Tokens["owner"], nil).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != foreign {
			t.Errorf("the other organisation lists %+v, want its own question only", page.Items)
		}
		log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"bot.question_"}})
		var actions []string
		for _, e := range log.Entries {
			actions = append(actions, e.Action)
			if e.ActorID != o.AgentIDs["supervisor"] || e.TargetType != "bot_question" {
				t.Errorf("entry %+v, want the supervisor acting on a bot_question", e)
			}
		}
		if strings.Join(actions, ",") != "bot.question_dismissed,bot.question_added" {
			t.Errorf("audit = %v, want dismissed then added (newest first)", actions)
		}
		if log := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"kb.article_updated"}, "target_id": {art.ID}}); len(log.Entries) != 1 {
			t.Errorf("article updates audited: %d, want the one adding the question", len(log.Entries))
		}
	})
}

// TestBotUnansweredMasked: in an inbox that masks personal data for agents, the improvement
// list shows a question masked, and adding it puts the masked text in the article, so the
// knowledge base every agent and the bot read never holds a customer's phone number.
func TestBotUnansweredMasked(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Masked")
	conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "你好")
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"pii_policy": "mask"})
	e := &kefu.BotEvent{OrgID: o.ID, InboxID: o.InboxID, ConversationID: conv, MessageID: "m1", Kind: kefu.BotEventUnanswered,
		Question: "手机13812345678换绑怎么弄"}
	if err := s.store.RecordBotEvent(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	editor := o.Tokens["supervisor"]
	var page unansweredList
	s.mustDo(200, "GET", "/api/v1/bot/unanswered", editor, nil).JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].Question != "手机138****5678换绑怎么弄" {
		t.Fatalf("list = %+v, want the phone number masked", page.Items)
	}
	var art kbArticle
	s.mustDo(201, "POST", "/api/v1/kb/articles", editor, map[string]any{"title": "换绑手机", "body": "在设置里换绑。",
		"locale": "zh-CN", "status": "published"}).JSON(t, &art)
	var added unansweredView
	s.mustDo(200, "POST", "/api/v1/bot/unanswered/"+e.ID+"/add", editor, map[string]string{"article_id": art.ID}).JSON(t, &added)
	s.mustDo(200, "GET", "/api/v1/kb/articles/"+art.ID, editor, nil).JSON(t, &art)
	if added.Question != "手机138****5678换绑怎么弄" || !slices.Equal(art.Questions, []string{"手机138****5678换绑怎么弄"}) {
		t.Errorf("added %q, article questions %v; want the masked question in both", added.Question, art.Questions)
	}
}
