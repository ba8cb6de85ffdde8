package conversation_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestMessagesPaging: forward pages start after AfterSeq (at seq 1 for Forward with 0),
// backward pages end below BeforeSeq, and with neither the newest messages come back; every
// window is in ascending seq.
func TestMessagesPaging(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		for i := 1; i <= 5; i++ {
			e.mustSend(t, visitorActor(w, w.contact), c.ID, fmt.Sprintf("message %d", i))
		}
		tests := []struct {
			name string
			q    kefu.MessageQuery
			want []int64
		}{
			{"forward from the start", kefu.MessageQuery{Forward: true, AfterSeq: 0, Limit: 2}, []int64{1, 2}},
			{"forward after 2", kefu.MessageQuery{AfterSeq: 2, Limit: 2}, []int64{3, 4}},
			{"forward past the end", kefu.MessageQuery{AfterSeq: 4, Limit: 2}, []int64{5}},
			{"forward at the end", kefu.MessageQuery{AfterSeq: 5, Limit: 2}, []int64{}},
			{"newest", kefu.MessageQuery{Limit: 2}, []int64{4, 5}},
			{"before 4", kefu.MessageQuery{BeforeSeq: 4, Limit: 2}, []int64{2, 3}},
			{"before 2", kefu.MessageQuery{BeforeSeq: 2, Limit: 2}, []int64{1}},
			{"default limit holds all", kefu.MessageQuery{}, []int64{1, 2, 3, 4, 5}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				msgs, err := e.svc.Messages(context.Background(), kefutest.AgentActor(w.agent), c.ID, tt.q)
				if err != nil {
					t.Fatalf("Messages: %v", err)
				}
				if got := seqs(msgs); !slices.Equal(got, tt.want) {
					t.Errorf("got seqs %v, want %v", got, tt.want)
				}
			})
		}
		for _, q := range []kefu.MessageQuery{{AfterSeq: -1}, {BeforeSeq: -1}} {
			_, err := e.svc.Messages(context.Background(), kefutest.AgentActor(w.agent), c.ID, q)
			kefutest.WantField(t, fmt.Sprintf("Messages(%+v)", q), err, "after")
		}
	})
}

// TestMessagesVisitorSeesNoPrivate: notes and activity lines never reach the visitor, whatever
// the query asks for, nor through the resume paths.
func TestMessagesVisitorSeesNoPrivate(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		e.mustSend(t, visitor, c.ID, "hello")                                              // 1
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.agent), c.ID, assignTo(w.agent)) // 2: activity
		kefutest.Must(t, err)
		_, _, err = e.svc.Send(ctx, kefutest.AgentActor(w.agent), kefu.SendRequest{ConversationID: c.ID, Content: "regular", Kind: kefu.KindNote}) // 3
		kefutest.Must(t, err)
		e.mustSend(t, kefutest.AgentActor(w.agent), c.ID, "hi!") // 4

		agentView, err := e.svc.Messages(ctx, kefutest.AgentActor(w.agent), c.ID, kefu.MessageQuery{})
		kefutest.Must(t, err)
		if got := seqs(agentView); !slices.Equal(got, []int64{1, 2, 3, 4}) {
			t.Errorf("agent: got seqs %v, want [1 2 3 4]", got)
		}
		visitorView, err := e.svc.Messages(ctx, visitor, c.ID, kefu.MessageQuery{ExcludePrivate: false})
		kefutest.Must(t, err)
		if got := seqs(visitorView); !slices.Equal(got, []int64{1, 4}) {
			t.Errorf("visitor: got seqs %v, want [1 4]", got)
		}
		events, err := e.svc.VisitorMessagesAfter(ctx, visitor, c.ID, 0)
		kefutest.Must(t, err)
		if got := eventSeqs(events); !slices.Equal(got, []int64{1, 4}) {
			t.Errorf("VisitorMessagesAfter(0): got seqs %v, want [1 4]", got)
		}
		synced, err := e.svc.VisitorSync(ctx, visitor, map[string]int64{c.ID: 1})
		kefutest.Must(t, err)
		if len(synced) != 2 || synced[0].Type != kefu.EventConversationUpdated || synced[1].Message == nil || synced[1].Message.Seq != 4 {
			t.Errorf("VisitorSync after 1: got %d events, want the conversation then message 4", len(synced))
		}
	})
}

// TestVisitorConversationsAreOwn: a visitor lists only their own conversations in the inbox
// their token is for.
func TestVisitorConversationsAreOwn(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		own := e.mustConversation(t, w, w.contact)
		e.mustConversation(t, w, w.other)
		otherInbox := &kefu.Inbox{OrgID: w.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
		kefutest.Must(t, e.st.CreateInbox(ctx, otherInbox))
		_, err := e.st.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: otherInbox.ID, ContactID: w.contact.ID})
		kefutest.Must(t, err)

		convs, err := e.svc.VisitorConversations(ctx, visitorActor(w, w.contact))
		kefutest.Must(t, err)
		if len(convs) != 1 || convs[0].ID != own.ID {
			t.Errorf("got %d conversations, want only %s", len(convs), own.ID)
		}
		inbox, err := e.svc.VisitorInbox(ctx, visitorActor(w, w.contact))
		if err != nil || inbox.ID != w.inbox.ID {
			t.Errorf("VisitorInbox: got %v, %v, want %s", inbox, err, w.inbox.ID)
		}
	})
}

// TestListFilters: the agent views' filter names are checked, and "me" means the actor.
func TestListFilters(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		mine := e.mustConversation(t, w, w.contact)
		_, err := e.svc.Assign(ctx, kefutest.AgentActor(w.agent), mine.ID, assignTo(w.agent))
		kefutest.Must(t, err)
		e.mustConversation(t, w, w.other)

		tests := []struct {
			name      string
			f         conversation.Filter
			wantN     int
			wantField string
		}{
			{"everything", conversation.Filter{}, 2, ""},
			{"me", conversation.Filter{Assignee: "me"}, 1, ""},
			{"none", conversation.Filter{Assignee: "none"}, 1, ""},
			{"an agent by id", conversation.Filter{Assignee: w.agent.ID}, 1, ""},
			{"a colleague by id", conversation.Filter{Assignee: w.colleague.ID}, 0, ""},
			{"resolved", conversation.Filter{Statuses: []kefu.Status{kefu.StatusResolved}}, 0, ""},
			{"unknown status", conversation.Filter{Statuses: []kefu.Status{"closed"}}, 0, "status"},
			{"malformed assignee", conversation.Filter{Assignee: "bob"}, 0, "assignee"},
			{"malformed team", conversation.Filter{TeamID: "sales"}, 0, "team_id"},
			{"malformed inbox", conversation.Filter{InboxID: "web"}, 0, "inbox_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := e.svc.List(ctx, kefutest.AgentActor(w.agent), tt.f)
				n, cerr := e.svc.Count(ctx, kefutest.AgentActor(w.agent), tt.f)
				if tt.wantField != "" {
					kefutest.WantField(t, "List", err, tt.wantField)
					kefutest.WantField(t, "Count", cerr, tt.wantField)
					return
				}
				if err != nil || cerr != nil {
					t.Fatalf("List, Count: %v, %v", err, cerr)
				}
				if len(page.Conversations) != tt.wantN || n != tt.wantN {
					t.Errorf("got %d listed and %d counted, want %d", len(page.Conversations), n, tt.wantN)
				}
			})
		}
	})
}

func seqs(msgs []kefu.Message) []int64 {
	out := []int64{}
	for _, m := range msgs {
		out = append(out, m.Seq)
	}
	return out
}

func eventSeqs(events []kefu.Event) []int64 {
	out := []int64{}
	for _, ev := range events {
		if ev.Message != nil {
			out = append(out, ev.Message.Seq)
		}
	}
	return out
}
