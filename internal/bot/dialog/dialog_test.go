package dialog_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The real store must keep satisfying what the bot declares it needs.
var (
	_ dialog.Store             = (*store.Store)(nil)
	_ dialog.Knowledge         = (*kb.Service)(nil)
	_ dialog.Router            = (*conversation.Service)(nil)
	_ dialog.LLMSettingsReader = (*store.Store)(nil)
)

// env is the bot over a real store, knowledge base and conversation service, with an
// organisation whose web inbox has the bot always on and one published article.
type env struct {
	st    *store.Store
	convs *conversation.Service
	bot   *dialog.Service
	org   *kefu.Org
	inbox *kefu.Inbox
	agent *kefu.Agent
}

func eachStore(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenSQLite(t))) })
	t.Run("postgres", func(t *testing.T) { fn(t, newEnv(t, storetest.OpenPostgres(t))) })
}

func unique(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:12]) }

func newEnv(t *testing.T, st *store.Store) *env {
	ctx := context.Background()
	blobs, err := blob.NewDisk(t.TempDir())
	kefutest.Must(t, err)
	convs := conversation.New(conversation.Options{Store: st, Blobs: blobs, BotGreeting: dialog.Greeting})
	knowledge := kb.New(kb.Options{Store: st})
	e := &env{st: st, convs: convs, bot: dialog.New(dialog.Options{Store: st, Knowledge: knowledge, Router: convs})}
	e.org = &kefu.Org{Name: unique("org"), Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: unique("owner") + "@example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	kefutest.Must(t, st.CreateOrgWithOwner(ctx, e.org, owner))
	e.agent = owner
	e.inbox = &kefu.Inbox{OrgID: e.org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: unique("wk"),
		Bot: kefu.BotSettings{Mode: kefu.BotAlways}}
	kefutest.Must(t, st.CreateInbox(ctx, e.inbox))
	_, err = st.PutArticle(ctx, &kefu.Article{OrgID: e.org.ID, ID: "returns", Title: "退货流程", Body: "在订单页申请退货。",
		Locale: kefu.LocaleZhCN, Status: kefu.ArticlePublished, Questions: []string{"怎么退货"}})
	kefutest.Must(t, err)
	return e
}

// heldConversation is a conversation the bot holds, with a customer message whose turn is
// queued but has not run: the state a crash, a slow runner or a busy node leaves.
func (e *env) heldConversation(t *testing.T, text string) (*kefu.Conversation, kefu.Job) {
	ctx := context.Background()
	contact := &kefu.Contact{OrgID: e.org.ID, Name: "Visitor"}
	kefutest.Must(t, e.st.CreateContact(ctx, contact))
	c, err := e.st.CreateConversation(ctx, &kefu.Conversation{OrgID: e.org.ID, InboxID: e.inbox.ID, ContactID: contact.ID,
		Status: kefu.StatusPending, BotState: kefu.BotActive})
	kefutest.Must(t, err)
	m := &kefu.Message{OrgID: e.org.ID, ConversationID: c.ID, SenderType: kefu.SenderContact, SenderID: contact.ID,
		Kind: kefu.KindText, Content: text, ClientMsgID: "q"}
	_, _, err = e.st.AppendMessage(ctx, m, nil)
	kefutest.Must(t, err)
	jobs, err := e.st.ListJobs(ctx, e.org.ID, kefu.JobQuery{Ref: m.ID})
	kefutest.Must(t, err)
	if len(jobs) != 1 || jobs[0].Kind != kefu.BotJobKind {
		t.Fatalf("jobs for the customer's message: %+v, want one bot turn", jobs)
	}
	return c, jobs[0]
}

// botMessages are the bot's messages in the conversation.
func (e *env) botMessages(t *testing.T, convID string) []kefu.Message {
	msgs, err := e.st.ListMessages(context.Background(), e.org.ID, convID, kefu.MessageQuery{Limit: 100})
	kefutest.Must(t, err)
	var out []kefu.Message
	for _, m := range msgs {
		if m.SenderType == kefu.SenderBot {
			out = append(out, m)
		}
	}
	return out
}

// TestTurnAfterATakeOverWritesNothing: a turn queued while the bot held the conversation, run
// after an agent took it (assigned it, or opened it), writes nothing; the same turn run while the bot holds it answers,
// and running it again (a retry after its commit) writes nothing twice.
func TestTurnAfterATakeOverWritesNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		taken, job := e.heldConversation(t, "怎么退货")
		_, err := e.st.UpdateConversation(ctx, e.org.ID, taken.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			c.AssigneeID = e.agent.ID
			return nil, nil
		})
		kefutest.Must(t, err)
		kefutest.Must(t, e.bot.Turn(ctx, job))
		if got := e.botMessages(t, taken.ID); len(got) != 0 {
			t.Fatalf("the bot wrote %q after the agent took the conversation", got[0].Content)
		}

		opened, job := e.heldConversation(t, "怎么退货")
		_, err = e.st.UpdateConversation(ctx, e.org.ID, opened.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			c.Status = kefu.StatusOpen // an agent opened it without assigning anyone
			return nil, nil
		})
		kefutest.Must(t, err)
		kefutest.Must(t, e.bot.Turn(ctx, job))
		if got := e.botMessages(t, opened.ID); len(got) != 0 {
			t.Fatalf("the bot wrote %q after an agent opened the conversation", got[0].Content)
		}

		held, job := e.heldConversation(t, "怎么退货")
		kefutest.Must(t, e.bot.Turn(ctx, job))
		kefutest.Must(t, e.bot.Turn(ctx, job))
		got := e.botMessages(t, held.ID)
		if len(got) != 1 || got[0].Bot == nil || got[0].Bot.Action != kefu.BotCardAnswer || got[0].Bot.Articles[0].ID != "returns" {
			t.Fatalf("bot messages %+v: want exactly one answer with the returns article", got)
		}
	})
}

// brokenKnowledge is a knowledge base whose search fails, as a database outage would.
type brokenKnowledge struct{ dialog.Knowledge }

func (brokenKnowledge) BotSearch(context.Context, string, string, string, int) ([]kb.Result, error) {
	return nil, errors.New("the knowledge base is down")
}

// TestTurnFailingItsLastAttemptHandsOver: a turn that fails retries (its error stands); on its
// last attempt the bot hands the conversation to a person instead of leaving the customer
// waiting.
func TestTurnFailingItsLastAttemptHandsOver(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		broken := dialog.New(dialog.Options{Store: e.st, Knowledge: brokenKnowledge{}, Router: e.convs})
		c, job := e.heldConversation(t, "怎么退货")
		job.Attempts, job.MaxAttempts = 1, 5
		if err := broken.Turn(ctx, job); err == nil {
			t.Fatal("a failing turn before its last attempt returned no error: it would not be retried")
		}
		job.Attempts = 5
		kefutest.Must(t, broken.Turn(ctx, job))
		after, err := e.st.GetConversation(ctx, e.org.ID, c.ID)
		kefutest.Must(t, err)
		sess, err := e.st.GetBotSession(ctx, e.org.ID, c.ID)
		kefutest.Must(t, err)
		if after.Status != kefu.StatusOpen || after.BotState != kefu.BotHandedOff || sess.Reason != kefu.HandoffBotFailed {
			t.Errorf("after the last attempt: %s / %s, reason %q; want open, handed over, bot_failed", after.Status, after.BotState, sess.Reason)
		}
	})
}
