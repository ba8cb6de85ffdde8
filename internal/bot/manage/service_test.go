package manage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// backends opens a migrated store per database: SQLite always, PostgreSQL when configured.
func backends(t *testing.T) map[string]func(testing.TB) *store.Store {
	b := map[string]func(testing.TB) *store.Store{"sqlite": storetest.OpenSQLite}
	if os.Getenv(storetest.PostgresEnv) != "" {
		b["postgres"] = storetest.OpenPostgres
	}
	return b
}

// fixture is a store with one organisation, its inbox and a conversation, the services this
// package works with, and its owner and a plain agent as actors.
type fixture struct {
	st           *store.Store
	kb           *kb.Service
	svc          *manage.Service
	owner, agent kefu.Actor
	inbox, conv  string
	log          *bytes.Buffer
}

func newFixture(t *testing.T, st *store.Store, checker manage.ModelChecker, now time.Time) *fixture {
	t.Helper()
	ctx := context.Background()
	org := &kefu.Org{Name: "Bot", Settings: kefu.DefaultOrgSettings()} // Asia/Shanghai
	owner := &kefu.Agent{Email: "bot-owner@example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 1}
	must(t, st.CreateOrgWithOwner(ctx, org, owner))
	inbox := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: "wk-" + org.ID}
	must(t, st.CreateInbox(ctx, inbox))
	contact := &kefu.Contact{OrgID: org.ID, Name: "V"}
	must(t, st.CreateContact(ctx, contact))
	conv, err := st.CreateConversation(ctx, &kefu.Conversation{OrgID: org.ID, InboxID: inbox.ID, ContactID: contact.ID})
	must(t, err)
	aud, err := audit.New(audit.Options{Store: st})
	must(t, err)
	f := &fixture{st: st, owner: kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: owner.ID, Role: kefu.RoleOwner},
		inbox: inbox.ID, conv: conv.ID, log: &bytes.Buffer{}}
	f.agent = f.owner
	f.agent.Role = kefu.RoleAgent
	f.kb = kb.New(kb.Options{Store: st, Auditor: aud})
	f.svc = manage.New(manage.Options{Store: st, Knowledge: f.kb, Checker: checker, Auditor: aud,
		Logger: slog.New(slog.NewTextHandler(f.log, nil)), Now: func() time.Time { return now }})
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code kefu.Code) {
	t.Helper()
	if got := kefu.ErrorCode(err); err == nil || got != code {
		t.Errorf("%s: error %v, want %s", what, err, code)
	}
}

// event records a bot event in the fixture's inbox and conversation.
func (f *fixture) event(t *testing.T, kind, reason, msg string, at time.Time) *kefu.BotEvent {
	t.Helper()
	e := &kefu.BotEvent{OrgID: f.owner.OrgID, InboxID: f.inbox, ConversationID: f.conv, MessageID: msg, Kind: kind,
		Reason: reason, CreatedAt: at}
	if kind == kefu.BotEventUnanswered || kind == kefu.BotEventNotHelpful {
		e.Question = "问题 " + msg
	}
	must(t, f.st.RecordBotEvent(context.Background(), e))
	return e
}

// TestMetrics counts per day in the organisation's zone (Asia/Shanghai): an event at 23:30 UTC
// is the next day there; the default range is the last 7 days up to today there.
func TestMetrics(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2025, 6, 10, 1, 0, 0, 0, time.UTC) // 09:00 on 10 June in Shanghai
			f := newFixture(t, open(t), nil, now)
			f.event(t, kefu.BotEventStarted, "", "m1", time.Date(2025, 6, 8, 23, 30, 0, 0, time.UTC)) // 9 June there
			f.event(t, kefu.BotEventStarted, "", "m2", time.Date(2025, 6, 9, 2, 0, 0, 0, time.UTC))   // 9 June there
			f.event(t, kefu.BotEventHandoff, kefu.HandoffLowConfidence, "m2", time.Date(2025, 6, 9, 2, 1, 0, 0, time.UTC))
			f.event(t, kefu.BotEventResolved, "", "m1", time.Date(2025, 6, 10, 0, 30, 0, 0, time.UTC)) // 10 June there
			f.event(t, kefu.BotEventStarted, "", "m0", time.Date(2025, 6, 3, 15, 59, 0, 0, time.UTC))  // 3 June 23:59 there: before the range
			m, err := f.svc.Metrics(ctx, f.owner, manage.MetricsQuery{})
			must(t, err)
			if len(m.Days) != 7 || m.Days[0].Day != "2025-06-04" || m.Days[6].Day != "2025-06-10" {
				t.Fatalf("default range = %d days from %v, want 4 to 10 June", len(m.Days), m.Days)
			}
			if d := m.Days[5]; d.Started != 2 || d.Handoffs[kefu.HandoffLowConfidence] != 1 || d.InboxID != f.inbox {
				t.Errorf("9 June = %+v, want 2 started and a low-confidence hand-off", d)
			}
			if tot := m.Totals; tot.Started != 2 || tot.Resolved != 1 || tot.Day != "" {
				t.Errorf("totals = %+v, want 2 started, 1 resolved", tot)
			}
			m, err = f.svc.Metrics(ctx, f.owner, manage.MetricsQuery{From: "2025-06-03", To: "2025-06-03", InboxID: f.inbox})
			must(t, err)
			if len(m.Days) != 1 || m.Days[0].Started != 1 {
				t.Errorf("3 June = %+v, want the one started at 23:59 there", m.Days)
			}
			_, err = f.svc.Metrics(ctx, f.agent, manage.MetricsQuery{})
			wantCode(t, "an agent without reports.view", err, kefu.CodeForbidden)
			_, err = f.svc.Metrics(ctx, f.owner, manage.MetricsQuery{InboxID: "not-an-id"})
			wantCode(t, "a malformed inbox id", err, kefu.CodeInvalid)
		})
	}
}

// TestUnanswered adds one question to an article and dismisses another: the article gains the
// question (searchable), each question is handled once, both changes are audited.
func TestUnanswered(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, open(t), nil, time.Now())
			at := time.Now().Add(-time.Hour)
			q1 := f.event(t, kefu.BotEventUnanswered, "", "m1", at)
			q2 := f.event(t, kefu.BotEventNotHelpful, "", "m2", at.Add(time.Minute))
			art, err := f.kb.Create(ctx, f.owner, kb.Input{Patch: kb.Patch{Title: ptr("退款政策"), Body: ptr("七天无理由"), Status: ptr("published")}})
			must(t, err)
			page, err := f.svc.Unanswered(ctx, f.owner, manage.UnansweredQuery{})
			must(t, err)
			if ids := questionIDs(page.Items); !slices.Equal(ids, []string{q2.ID, q1.ID}) || page.NextCursor != "" {
				t.Fatalf("open questions = %v (next %q), want %s then %s", ids, page.NextCursor, q2.ID, q1.ID)
			}
			_, err = f.svc.AddUnanswered(ctx, f.owner, q1.ID, "no-such-article")
			wantCode(t, "an unknown article", err, kefu.CodeNotFound)
			got, err := f.svc.AddUnanswered(ctx, f.owner, q1.ID, art.ID)
			must(t, err)
			if got.Status != kefu.UnansweredAdded {
				t.Errorf("added question = %+v", got)
			}
			a, err := f.kb.Get(ctx, f.owner, art.ID)
			must(t, err)
			if !slices.Equal(a.Questions, []string{"问题 m1"}) {
				t.Errorf("article questions = %v, want the customer's question", a.Questions)
			}
			_, err = f.svc.AddUnanswered(ctx, f.owner, q1.ID, art.ID)
			wantCode(t, "adding it again", err, kefu.CodeAlreadyHandled)
			_, err = f.svc.DismissUnanswered(ctx, f.agent, q2.ID)
			wantCode(t, "an agent without kb.manage", err, kefu.CodeForbidden)
			_, err = f.svc.DismissUnanswered(ctx, f.owner, q2.ID)
			must(t, err)
			_, err = f.svc.DismissUnanswered(ctx, f.owner, q2.ID)
			wantCode(t, "dismissing it again", err, kefu.CodeAlreadyHandled)
			page, err = f.svc.Unanswered(ctx, f.owner, manage.UnansweredQuery{Status: kefu.UnansweredDismissed})
			must(t, err)
			if ids := questionIDs(page.Items); !slices.Equal(ids, []string{q2.ID}) {
				t.Errorf("dismissed = %v, want %s", ids, q2.ID)
			}
			_, err = f.svc.Unanswered(ctx, f.owner, manage.UnansweredQuery{Status: "closed"})
			wantCode(t, "an unknown status", err, kefu.CodeInvalid)
			wantActions(t, f, "bot.", "bot.question_dismissed", "bot.question_added")
			wantActions(t, f, "kb.", "kb.article_updated", "kb.article_created")
		})
	}
}

func questionIDs(qs []kefu.UnansweredQuestion) []string {
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return ids
}

// wantActions checks the organisation's audit entries under prefix, newest first.
func wantActions(t *testing.T, f *fixture, prefix string, want ...string) {
	t.Helper()
	entries, err := f.st.ListAudit(context.Background(), f.owner.OrgID, kefu.AuditFilter{ActionPrefix: prefix})
	must(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Action)
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit %s* = %v, want %v", prefix, got, want)
	}
}

func ptr[T any](v T) *T { return &v }

// codedError is an error of the language model client, which says why with a code.
type codedError struct{ code, text string }

func (e codedError) Error() string { return e.text }
func (e codedError) Code() string  { return e.code }

// checker answers with err and remembers the settings it was given.
type checker struct {
	err  error
	seen kefu.LLMSettings
}

func (c *checker) Check(_ context.Context, s kefu.LLMSettings) error {
	c.seen = s
	return c.err
}

// TestLLM saves, reads and tests the organisation's language model: the key reaches the
// checker but never a reply, the audit log or the log; a failure is a stable code.
func TestLLM(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			c := &checker{}
			f := newFixture(t, open(t), c, time.Now())
			_, err := f.svc.TestLLM(ctx, f.owner)
			wantCode(t, "testing before saving", err, kefu.CodeInvalid)
			saved, err := f.svc.SaveLLM(ctx, f.owner, manage.LLMInput{Enabled: true, BaseURL: "https://llm.example/v1/",
				Model: "qwen2.5", APIKey: "sk-secret-123"})
			must(t, err)
			if saved.APIKey != "" || !saved.APIKeySet || saved.BaseURL != "https://llm.example/v1" {
				t.Errorf("saved = %+v, want no key, api_key_set and the slash dropped", saved)
			}
			res, err := f.svc.TestLLM(ctx, f.owner)
			must(t, err)
			if !res.OK || res.Code != "" || c.seen.APIKey != "sk-secret-123" || c.seen.Model != "qwen2.5" {
				t.Errorf("test = %+v with %+v, want ok with the stored key", res, c.seen)
			}
			for _, tt := range []struct {
				err  error
				code string
			}{
				{codedError{"llm_rejected", "401: Incorrect API key sk-secret-123"}, "llm_rejected"},
				{fmt.Errorf("chat: %w", codedError{"llm_rate_limited", "429"}), "llm_rate_limited"},
				{errors.New("dial tcp: connection refused"), "llm_unreachable"},
				{codedError{"llm_something_new", "?"}, "llm_unreachable"}, // the API's codes are a closed set
				{context.DeadlineExceeded, "llm_unreachable"},
			} {
				c.err = tt.err
				res, err := f.svc.TestLLM(ctx, f.owner)
				if err != nil || res.OK || res.Code != tt.code || res.Message == "" || strings.Contains(res.Message, "sk-") {
					t.Errorf("checker error %v: %+v, %v; want code %s with a fixed message", tt.err, res, err, tt.code)
				}
			}
			_, err = f.svc.SaveLLM(ctx, f.owner, manage.LLMInput{BaseURL: "https://llm.example/v1", Model: "qwen3"})
			must(t, err)
			got, err := f.svc.LLM(ctx, f.owner)
			must(t, err)
			if got.APIKey != "" || !got.APIKeySet || got.Enabled || got.Model != "qwen3" {
				t.Errorf("after an update without a key: %+v, want the key kept (set, not shown)", got)
			}
			_, err = f.svc.LLM(ctx, f.agent)
			wantCode(t, "an agent without settings.manage", err, kefu.CodeForbidden)
			if strings.Contains(f.log.String(), "sk-secret-123") || !strings.Contains(f.log.String(), "[redacted]") {
				t.Errorf("the log holds the key, or the redaction did not run:\n%s", f.log.String())
			}
			entries, err := f.st.ListAudit(ctx, f.owner.OrgID, kefu.AuditFilter{ActionPrefix: "bot.llm"})
			must(t, err)
			for _, e := range entries {
				if strings.Contains(string(e.Before)+string(e.After), "sk-secret") {
					t.Errorf("audit entry holds the key: %s / %s", e.Before, e.After)
				}
			}
			if len(entries) != 2 || !strings.Contains(string(entries[1].After), `"api_key_changed":true`) {
				t.Errorf("audit = %d entries (first after %s), want two, the first saying the key changed", len(entries), entries[len(entries)-1].After)
			}
		})
	}
}

// TestLLMValidation refuses settings that cannot work, naming the field.
func TestLLMValidation(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite(t), nil, time.Now())
	cases := map[string]struct {
		in    manage.LLMInput
		field string
	}{
		"not a URL":             {manage.LLMInput{BaseURL: "llm.example/v1"}, "base_url"},
		"ftp":                   {manage.LLMInput{BaseURL: "ftp://llm.example/v1"}, "base_url"},
		"credentials in it":     {manage.LLMInput{BaseURL: "https://user:pw@llm.example/v1"}, "base_url"},
		"a query":               {manage.LLMInput{BaseURL: "https://llm.example/v1?key=x"}, "base_url"},
		"too long":              {manage.LLMInput{BaseURL: "https://llm.example/" + strings.Repeat("v", 500)}, "base_url"},
		"enabled without model": {manage.LLMInput{Enabled: true, BaseURL: "https://llm.example/v1"}, "model"},
		"enabled without URL":   {manage.LLMInput{Enabled: true, Model: "m"}, "base_url"},
		"model on two lines":    {manage.LLMInput{Model: "a\nb"}, "model"},
		"key with a space":      {manage.LLMInput{APIKey: "sk abc"}, "api_key"},
		"key and clear":         {manage.LLMInput{APIKey: "sk", ClearAPIKey: true}, "api_key"},
	}
	for name, tt := range cases {
		_, err := f.svc.SaveLLM(context.Background(), f.owner, tt.in)
		var ke *kefu.Error
		if !errors.As(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.field {
			t.Errorf("%s: %v, want invalid_input on %s", name, err, tt.field)
		}
	}
	got, err := f.st.GetLLMSettings(context.Background(), f.owner.OrgID)
	if err != nil || got.BaseURL != "" {
		t.Errorf("after refusals: %+v, %v; want nothing stored", got, err)
	}
	_, err = manage.New(manage.Options{Store: f.st}).TestLLM(context.Background(), f.owner)
	wantCode(t, "testing without settings", err, kefu.CodeInvalid)
}
