package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testOrgScoping uses every org-scoped method with the ids of another organisation's rows.
func testOrgScoping(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	mine, theirs := newWorld(t, s), newWorld(t, s)
	org := mine.org.ID
	team := &kefu.Team{OrgID: theirs.org.ID, Name: "T"}
	must(t, s.CreateTeam(ctx, team))
	label := &kefu.Label{OrgID: theirs.org.ID, Name: "L"}
	must(t, s.CreateLabel(ctx, label))
	att := &kefu.Attachment{OrgID: theirs.org.ID, ConversationID: theirs.conv.ID, UploaderType: kefu.SenderAgent, StorageKey: "k"}
	must(t, s.CreateAttachment(ctx, att))
	tok := &kefu.APIToken{OrgID: theirs.org.ID, AgentID: theirs.owner.ID, Role: kefu.RoleAgent, Hash: []byte("h")}
	must(t, s.CreateAPIToken(ctx, tok))
	must(t, s.AddIdentity(ctx, &kefu.Identity{OrgID: theirs.org.ID, ContactID: theirs.contact.ID, Channel: kefu.ChannelWeb, ExternalID: "theirs"}))
	msg := theirs.append(t, theirs.msg(kefu.SenderContact, kefu.KindText, "hi"))
	noop := func(kefu.ConversationTx, *kefu.Conversation) (*kefu.Message, error) { return nil, nil }

	notFound := []struct {
		name string
		call func() error
	}{
		{"GetAgent", func() error { _, err := s.GetAgent(ctx, org, theirs.owner.ID); return err }},
		{"UpdateAgent", func() error { a := *theirs.owner; a.OrgID = org; return s.UpdateAgent(ctx, &a) }},
		{"GetTeam", func() error { _, err := s.GetTeam(ctx, org, team.ID); return err }},
		{"UpdateTeam", func() error { tm := *team; tm.OrgID = org; return s.UpdateTeam(ctx, &tm) }},
		{"DeleteTeam", func() error { return s.DeleteTeam(ctx, org, team.ID) }},
		{"UpdateLabel", func() error { l := *label; l.OrgID = org; return s.UpdateLabel(ctx, &l) }},
		{"DeleteLabel", func() error { return s.DeleteLabel(ctx, org, label.ID) }},
		{"GetInbox", func() error { _, err := s.GetInbox(ctx, org, theirs.inbox.ID); return err }},
		{"UpdateInbox", func() error { in := *theirs.inbox; in.OrgID = org; return s.UpdateInbox(ctx, &in) }},
		{"DeleteInbox", func() error { return s.DeleteInbox(ctx, org, theirs.inbox.ID) }},
		{"GetContact", func() error { _, err := s.GetContact(ctx, org, theirs.contact.ID); return err }},
		{"UpdateContact", func() error { c := *theirs.contact; c.OrgID = org; return s.UpdateContact(ctx, &c) }},
		{"AddIdentity", func() error {
			return s.AddIdentity(ctx, &kefu.Identity{OrgID: org, ContactID: theirs.contact.ID, Channel: kefu.ChannelWeb, ExternalID: "x"})
		}},
		{"FindContactByIdentity", func() error {
			_, err := s.FindContactByIdentity(ctx, org, kefu.ChannelWeb, "theirs")
			return err
		}},
		{"RevokeAPIToken", func() error { return s.RevokeAPIToken(ctx, org, tok.ID, time.Now()) }},
		{"GetAttachment", func() error { _, err := s.GetAttachment(ctx, org, att.ID); return err }},
		{"GetConversation", func() error { _, err := s.GetConversation(ctx, org, theirs.conv.ID); return err }},
		{"UpdateConversation", func() error { _, err := s.UpdateConversation(ctx, org, theirs.conv.ID, noop); return err }},
		{"AppendMessage", func() error {
			m := theirs.msg(kefu.SenderAgent, kefu.KindText, "x")
			m.OrgID = org
			_, _, err := s.AppendMessage(ctx, m, nil)
			return err
		}},
		{"GetMessage", func() error { _, err := s.GetMessage(ctx, org, msg.ID); return err }},
		{"ListMessages", func() error { _, err := s.ListMessages(ctx, org, theirs.conv.ID, kefu.MessageQuery{}); return err }},
	}
	for _, tc := range notFound {
		wantCode(t, tc.name+" with another org's id", tc.call(), kefu.CodeNotFound)
	}

	// Lists never show another organisation's rows.
	convs, _, err := s.ListConversations(ctx, org, kefu.ConversationFilter{InboxID: theirs.inbox.ID})
	must(t, err)
	contacts, _, err := s.ListContacts(ctx, org, kefu.ContactQuery{Search: theirs.newContact(t, next("theirs")).Name})
	must(t, err)
	byContact, err := s.ListContactConversations(ctx, org, theirs.contact.ID, "")
	must(t, err)
	events, err := s.ListEvents(ctx, org, 0, 1000)
	must(t, err)
	teams, err := s.ListTeams(ctx, org)
	must(t, err)
	labels, err := s.ListLabels(ctx, org)
	must(t, err)
	tokens, err := s.ListAPITokens(ctx, org)
	must(t, err)
	counts := map[string]int{"ListConversations": len(convs), "ListContacts": len(contacts),
		"ListContactConversations": len(byContact), "ListTeams": len(teams), "ListLabels": len(labels), "ListAPITokens": len(tokens)}
	for name, n := range counts {
		if n != 0 {
			t.Errorf("%s with another org's filter: got %d rows, want 0", name, n)
		}
	}
	for _, ev := range events {
		if ev.OrgID != org || ev.ConversationID == theirs.conv.ID {
			t.Errorf("ListEvents: got event of org %s conversation %s", ev.OrgID, ev.ConversationID)
		}
	}
	// The other org's rows are untouched.
	if _, err := s.GetConversation(ctx, theirs.org.ID, theirs.conv.ID); err != nil {
		t.Errorf("their conversation after the attempts: %v", err)
	}
	if _, err := s.GetTeam(ctx, theirs.org.ID, team.ID); err != nil {
		t.Errorf("their team after the attempts: %v", err)
	}
	// References to another org's rows are refused on create.
	_, err = s.CreateConversation(ctx, &kefu.Conversation{OrgID: org, InboxID: theirs.inbox.ID, ContactID: mine.contact.ID})
	wantCode(t, "CreateConversation with another org's inbox", err, kefu.CodeInvalid)
	_, err = s.UpdateConversation(ctx, org, mine.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.AssigneeID = theirs.owner.ID
		return nil, nil
	})
	wantCode(t, "assign another org's agent", err, kefu.CodeInvalid)
}
