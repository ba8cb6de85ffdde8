package conversation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// op is one use case called by actor on conversation id.
type op struct {
	name string
	call func(ctx context.Context, s *conversation.Service, actor kefu.Actor, id string) error
}

// conversationOps are the use cases that act on one conversation.
var conversationOps = []op{
	{"Get", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Get(ctx, a, id)
		return err
	}},
	{"Send", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, _, err := s.Send(ctx, a, kefu.SendRequest{ConversationID: id, Content: "hi"})
		return err
	}},
	{"Messages", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Messages(ctx, a, id, kefu.MessageQuery{})
		return err
	}},
	{"MarkRead", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		return s.MarkRead(ctx, a, id, 0)
	}},
	{"Typing", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		return s.Typing(ctx, a, id, true, false)
	}},
	{"Queue", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Queue(ctx, a, id)
		return err
	}},
	{"Upload", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Upload(ctx, a, id, "a.txt", strings.NewReader("hello"))
		return err
	}},
	{"Assign", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Assign(ctx, a, id, conversation.AssignRequest{AssigneeID: ptr("")})
		return err
	}},
	{"SetStatus", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.SetStatus(ctx, a, id, kefu.StatusResolved, nil)
		return err
	}},
	{"SetPriority", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.SetPriority(ctx, a, id, kefu.PriorityHigh)
		return err
	}},
	{"SetLabels", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.SetLabels(ctx, a, id, nil)
		return err
	}},
	{"Rate", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.Rate(ctx, a, id, 5, "")
		return err
	}},
	{"VisitorMessagesAfter", func(ctx context.Context, s *conversation.Service, a kefu.Actor, id string) error {
		_, err := s.VisitorMessagesAfter(ctx, a, id, 0)
		return err
	}},
}

// TestOthersConversationsAreNotFound: whoever may not see a conversation gets "not found" from
// every use case, never "forbidden" or a validation error that would confirm it exists.
func TestOthersConversationsAreNotFound(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		e.mustSend(t, visitorActor(w, w.contact), c.ID, "hello")
		_, err := e.svc.SetStatus(context.Background(), kefutest.AgentActor(w.agent), c.ID, kefu.StatusResolved, nil)
		kefutest.Must(t, err)
		before := e.conversation(t, w, c.ID)

		otherInbox := &kefu.Inbox{OrgID: w.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
		kefutest.Must(t, e.st.CreateInbox(context.Background(), otherInbox))
		throughOtherInbox := visitorActor(w, w.contact)
		throughOtherInbox.InboxID = otherInbox.ID
		actors := []struct {
			name  string
			actor kefu.Actor
		}{
			{"another contact", visitorActor(w, w.other)},
			{"own contact through another inbox's token", throughOtherInbox},
			{"visitor of another organisation", visitorActor(elsewhere, elsewhere.contact)},
			{"owner of another organisation", kefutest.AgentActor(elsewhere.owner)},
			{"agent of another organisation", kefutest.AgentActor(elsewhere.agent)},
			{"zero actor", kefu.Actor{}},
		}
		for _, a := range actors {
			for _, o := range conversationOps {
				err := o.call(context.Background(), e.svc, a.actor, c.ID)
				kefutest.WantCode(t, a.name+": "+o.name, err, kefu.CodeNotFound)
			}
		}
		after := e.conversation(t, w, c.ID)
		if after.LastSeq != before.LastSeq || after.Priority != before.Priority || after.Rating != nil || after.Status != before.Status {
			t.Errorf("conversation changed by refused calls: got %+v, want %+v", after, before)
		}
		if got := e.ephemeral.published(); len(got) != 0 {
			t.Errorf("typing published for refused calls: got %d events, want none", len(got))
		}
	})
}

// TestMalformedAndUnknownIDsAreNotFound: an agent probing ids learns nothing either.
func TestMalformedAndUnknownIDsAreNotFound(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		for _, id := range []string{"", "not-an-id", "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000G"} {
			for _, o := range conversationOps {
				if o.name == "Rate" || o.name == "VisitorMessagesAfter" {
					continue // visitor-only: covered by TestAgentOnlyAndVisitorOnly
				}
				err := o.call(context.Background(), e.svc, kefutest.AgentActor(w.owner), id)
				kefutest.WantCode(t, o.name+"("+id+")", err, kefu.CodeNotFound)
			}
		}
	})
}

// TestAgentOnlyAndVisitorOnly: the agents' use cases do not exist for visitors, and the widget's
// do not exist for agents.
func TestAgentOnlyAndVisitorOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		c := e.mustConversation(t, w, w.contact)
		ctx, visitor, agent := context.Background(), visitorActor(w, w.contact), kefutest.AgentActor(w.owner)
		calls := []struct {
			name string
			call func() error
		}{
			{"visitor Assign", func() error {
				_, err := e.svc.Assign(ctx, visitor, c.ID, conversation.AssignRequest{AssigneeID: ptr(w.agent.ID)})
				return err
			}},
			{"visitor SetStatus", func() error {
				_, err := e.svc.SetStatus(ctx, visitor, c.ID, kefu.StatusResolved, nil)
				return err
			}},
			{"visitor SetPriority", func() error {
				_, err := e.svc.SetPriority(ctx, visitor, c.ID, kefu.PriorityUrgent)
				return err
			}},
			{"visitor SetLabels", func() error { _, err := e.svc.SetLabels(ctx, visitor, c.ID, nil); return err }},
			{"visitor List", func() error { _, err := e.svc.List(ctx, visitor, conversation.Filter{}); return err }},
			{"visitor Count", func() error { _, err := e.svc.Count(ctx, visitor, conversation.Filter{}); return err }},
			{"visitor Events", func() error { _, err := e.svc.Events(ctx, visitor, 0, 10); return err }},
			{"visitor LatestCursor", func() error { _, err := e.svc.LatestCursor(ctx, visitor); return err }},
			{"visitor ContactConversations", func() error {
				_, err := e.svc.ContactConversations(ctx, visitor, w.contact.ID)
				return err
			}},
			{"agent StartForVisitor", func() error {
				_, err := e.svc.StartForVisitor(ctx, agent, conversation.StartRequest{})
				return err
			}},
			{"agent VisitorConversations", func() error { _, err := e.svc.VisitorConversations(ctx, agent); return err }},
			{"agent VisitorMessagesAfter", func() error { _, err := e.svc.VisitorMessagesAfter(ctx, agent, c.ID, 0); return err }},
			{"agent VisitorInbox", func() error { _, err := e.svc.VisitorInbox(ctx, agent); return err }},
			{"agent VisitorSync", func() error { _, err := e.svc.VisitorSync(ctx, agent, nil); return err }},
			{"agent Rate", func() error { _, err := e.svc.Rate(ctx, agent, c.ID, 5, ""); return err }},
		}
		for _, tt := range calls {
			kefutest.WantCode(t, tt.name, tt.call(), kefu.CodeNotFound)
		}
		if got := e.conversation(t, w, c.ID); got.Status != kefu.StatusOpen || got.AssigneeID != "" || got.Priority != kefu.PriorityNone {
			t.Errorf("conversation changed by refused calls: got status %s assignee %q priority %s", got.Status, got.AssigneeID, got.Priority)
		}
	})
}

// TestContactConversationsOfAnotherOrganisation: a contact id of another organisation is not
// found, exactly like a missing one, rather than an empty list.
func TestContactConversationsOfAnotherOrganisation(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		elsewhere := e.mustWorld(t, false)
		e.mustConversation(t, elsewhere, elsewhere.contact)
		ctx := context.Background()
		_, err := e.svc.ContactConversations(ctx, kefutest.AgentActor(w.owner), elsewhere.contact.ID)
		kefutest.WantCode(t, "another organisation's contact", err, kefu.CodeNotFound)
		_, err = e.svc.ContactConversations(ctx, kefutest.AgentActor(w.owner), "00000000-0000-4000-8000-000000000000")
		kefutest.WantCode(t, "unknown contact", err, kefu.CodeNotFound)
		convs, err := e.svc.ContactConversations(ctx, kefutest.AgentActor(elsewhere.agent), elsewhere.contact.ID)
		if err != nil || len(convs) != 1 {
			t.Errorf("own organisation's contact: got %d conversations, %v, want 1", len(convs), err)
		}
	})
}
