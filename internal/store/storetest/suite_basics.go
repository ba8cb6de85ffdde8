package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

func testMigrate(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	must(t, s.Migrate(ctx)) // a second run changes nothing and does not fail
	pending, err := s.MigrationsPending(ctx)
	must(t, err)
	if pending {
		t.Errorf("MigrationsPending after Migrate: got true, want false")
	}
	if d := s.Dialect(); d != store.DialectSQLite && d != store.DialectPostgres {
		t.Errorf("Dialect: got %q, want sqlite or postgres", d)
	}
	must(t, s.Ping(ctx))
}

func testOrgs(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	n, err := s.CountOrgs(ctx)
	must(t, err)
	if n != 0 {
		t.Fatalf("CountOrgs on empty store: got %d, want 0", n)
	}
	w := newWorld(t, s)
	if w.org.ID == "" || w.owner.ID == "" || w.owner.OrgID != w.org.ID {
		t.Fatalf("CreateOrgWithOwner: got org id %q, owner %q in org %q", w.org.ID, w.owner.ID, w.owner.OrgID)
	}
	got, err := s.GetOrg(ctx, w.org.ID)
	must(t, err)
	if got.Name != w.org.Name || got.Settings != w.org.Settings || !got.CreatedAt.Equal(w.org.CreatedAt) {
		t.Errorf("GetOrg: got %+v, want %+v", got, w.org)
	}
	got.Name, got.Settings.Locale, got.Settings.AutoAssign = "Renamed", "en", false
	must(t, s.UpdateOrg(ctx, got))
	again, err := s.GetOrg(ctx, w.org.ID)
	must(t, err)
	if again.Name != "Renamed" || again.Settings.Locale != "en" || again.Settings.AutoAssign {
		t.Errorf("after UpdateOrg: got %+v", again)
	}
	must(t, s.CreateOrg(ctx, &kefu.Org{Name: "Second"}))
	if n, _ := s.CountOrgs(ctx); n != 2 {
		t.Errorf("CountOrgs: got %d, want 2", n)
	}
	orgs, err := s.ListOrgs(ctx)
	must(t, err)
	if len(orgs) != 2 || orgs[0].ID != w.org.ID || orgs[1].Name != "Second" {
		t.Errorf("ListOrgs: got %+v, want the first org then Second", orgs)
	}
	_, err = s.GetOrg(ctx, "missing")
	wantCode(t, "GetOrg missing", err, kefu.CodeNotFound)
	wantCode(t, "UpdateOrg missing", s.UpdateOrg(ctx, &kefu.Org{ID: "missing"}), kefu.CodeNotFound)

	// The owner's org is not created when the owner cannot be (duplicate email): one transaction.
	before, _ := s.CountOrgs(ctx)
	err = s.CreateOrgWithOwner(ctx, &kefu.Org{Name: "Dup"}, &kefu.Agent{Email: strings.ToUpper(w.owner.Email), Role: kefu.RoleOwner})
	wantCode(t, "CreateOrgWithOwner duplicate email", err, kefu.CodeConflict)
	if after, _ := s.CountOrgs(ctx); after != before {
		t.Errorf("CountOrgs after failed CreateOrgWithOwner: got %d, want %d", after, before)
	}
}

func testAgents(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	if w.owner.Email != strings.ToLower(w.owner.Email) {
		t.Errorf("email: got %q, want lower-cased", w.owner.Email)
	}
	got, err := s.GetAgentByEmail(ctx, strings.ToUpper(w.owner.Email))
	must(t, err)
	if got.ID != w.owner.ID {
		t.Errorf("GetAgentByEmail: got %q, want %q", got.ID, w.owner.ID)
	}
	dup := &kefu.Agent{OrgID: w.org.ID, Email: strings.ToUpper(w.owner.Email), Role: kefu.RoleAgent}
	wantCode(t, "CreateAgent duplicate email", s.CreateAgent(ctx, dup), kefu.CodeConflict)

	a := w.newAgent(t, "Bob")
	a.Name, a.PasswordHash, a.Availability, a.Capacity, a.Disabled, a.Role = "Robert", "$argon2id$x", kefu.Online, 7, true, kefu.RoleAdmin
	must(t, s.UpdateAgent(ctx, a))
	got, err = s.GetAgent(ctx, w.org.ID, a.ID)
	must(t, err)
	if got.Name != "Robert" || got.PasswordHash != "$argon2id$x" || got.Availability != kefu.Online ||
		got.Capacity != 7 || !got.Disabled || got.Role != kefu.RoleAdmin {
		t.Errorf("after UpdateAgent: got %+v", got)
	}
	a.Email = w.owner.Email
	wantCode(t, "UpdateAgent to a taken email", s.UpdateAgent(ctx, a), kefu.CodeConflict)

	list, err := s.ListAgents(ctx, w.org.ID)
	must(t, err)
	if len(list) != 2 {
		t.Errorf("ListAgents: got %d agents, want 2", len(list))
	}

	loads, err := s.AgentOpenLoads(ctx, w.org.ID, []string{a.ID, w.owner.ID})
	must(t, err)
	if len(loads) != 0 {
		t.Errorf("AgentOpenLoads with nothing assigned: got %v, want empty", loads)
	}
	assign := func(status kefu.Status) {
		c := w.newConversation(t)
		_, err := s.UpdateConversation(ctx, w.org.ID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
			c.AssigneeID, c.Status = a.ID, status
			return nil, nil
		})
		must(t, err)
	}
	assign(kefu.StatusOpen)
	assign(kefu.StatusPending)
	assign(kefu.StatusResolved)
	loads, err = s.AgentOpenLoads(ctx, w.org.ID, []string{a.ID, w.owner.ID})
	must(t, err)
	if loads[a.ID] != 2 || len(loads) != 1 {
		t.Errorf("AgentOpenLoads: got %v, want {%s: 2}", loads, a.ID)
	}
	if loads, _ := s.AgentOpenLoads(ctx, newWorld(t, s).org.ID, []string{a.ID}); len(loads) != 0 {
		t.Errorf("AgentOpenLoads from another organisation: got %v, want empty", loads)
	}
}

func testTeams(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a, b := w.newAgent(t, "A"), w.newAgent(t, "B")
	other := newWorld(t, s)

	tm := &kefu.Team{OrgID: w.org.ID, Name: "Sales", MemberIDs: []string{a.ID, a.ID}}
	must(t, s.CreateTeam(ctx, tm))
	got, err := s.GetTeam(ctx, w.org.ID, tm.ID)
	must(t, err)
	if !slices.Equal(got.MemberIDs, []string{a.ID}) {
		t.Errorf("GetTeam members: got %v, want [%s]", got.MemberIDs, a.ID)
	}
	wantCode(t, "CreateTeam duplicate name", s.CreateTeam(ctx, &kefu.Team{OrgID: w.org.ID, Name: "Sales"}), kefu.CodeConflict)
	wantCode(t, "CreateTeam with another org's agent",
		s.CreateTeam(ctx, &kefu.Team{OrgID: w.org.ID, Name: "X", MemberIDs: []string{other.owner.ID}}), kefu.CodeInvalid)

	got.Name, got.MemberIDs = "Support", []string{b.ID}
	must(t, s.UpdateTeam(ctx, got))
	got, err = s.GetTeam(ctx, w.org.ID, tm.ID)
	must(t, err)
	if got.Name != "Support" || !slices.Equal(got.MemberIDs, []string{b.ID}) {
		t.Errorf("after UpdateTeam: got %+v", got)
	}
	got.MemberIDs = []string{other.owner.ID}
	wantCode(t, "UpdateTeam with another org's agent", s.UpdateTeam(ctx, got), kefu.CodeInvalid)

	teams, err := s.ListTeams(ctx, w.org.ID)
	must(t, err)
	if len(teams) != 1 || !slices.Equal(teams[0].MemberIDs, []string{b.ID}) {
		t.Errorf("ListTeams: got %+v", teams)
	}

	// A team's conversations lose the team when it is deleted.
	_, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.TeamID = tm.ID
		return nil, nil
	})
	must(t, err)
	must(t, s.DeleteTeam(ctx, w.org.ID, tm.ID))
	_, err = s.GetTeam(ctx, w.org.ID, tm.ID)
	wantCode(t, "GetTeam after delete", err, kefu.CodeNotFound)
	if c := w.conversation(t); c.TeamID != "" {
		t.Errorf("conversation team after DeleteTeam: got %q, want none", c.TeamID)
	}
	wantCode(t, "DeleteTeam twice", s.DeleteTeam(ctx, w.org.ID, tm.ID), kefu.CodeNotFound)
}

func testLabels(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	l := &kefu.Label{OrgID: w.org.ID, Name: "vip", Color: "#f00"}
	must(t, s.CreateLabel(ctx, l))
	wantCode(t, "CreateLabel duplicate", s.CreateLabel(ctx, &kefu.Label{OrgID: w.org.ID, Name: "vip"}), kefu.CodeConflict)
	must(t, s.CreateLabel(ctx, &kefu.Label{OrgID: w.org.ID, Name: "bug"}))
	labels, err := s.ListLabels(ctx, w.org.ID)
	must(t, err)
	if len(labels) != 2 || labels[0].Name != "bug" || labels[1].Name != "vip" {
		t.Errorf("ListLabels: got %+v, want bug, vip", labels)
	}
	_, err = s.UpdateConversation(ctx, w.org.ID, w.conv.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		c.Labels = []string{"vip", "bug"}
		return nil, nil
	})
	must(t, err)

	l.Name, l.Color = "gold", "#ff0"
	must(t, s.UpdateLabel(ctx, l))
	if got := w.conversation(t).Labels; !slices.Equal(got, []string{"bug", "gold"}) {
		t.Errorf("labels after rename: got %v, want [bug gold]", got)
	}
	l.Name = "bug"
	wantCode(t, "UpdateLabel to a taken name", s.UpdateLabel(ctx, l), kefu.CodeConflict)

	must(t, s.DeleteLabel(ctx, w.org.ID, l.ID))
	if got := w.conversation(t).Labels; !slices.Equal(got, []string{"bug"}) {
		t.Errorf("labels after DeleteLabel: got %v, want [bug]", got)
	}
	wantCode(t, "DeleteLabel twice", s.DeleteLabel(ctx, w.org.ID, l.ID), kefu.CodeNotFound)
}

func testInboxes(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := w.newAgent(t, "A")
	in := &kefu.Inbox{OrgID: w.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: next("wk"),
		AllowedOrigins: []string{"https://shop.example"}, IdentitySecret: "s3cret", EnforceIdentity: true, MemberIDs: []string{a.ID}}
	must(t, s.CreateInbox(ctx, in))
	got, err := s.GetInboxByWidgetKey(ctx, in.WidgetKey)
	must(t, err)
	if got.ID != in.ID || got.IdentitySecret != "s3cret" || !got.EnforceIdentity ||
		!slices.Equal(got.AllowedOrigins, in.AllowedOrigins) || !slices.Equal(got.MemberIDs, []string{a.ID}) {
		t.Errorf("GetInboxByWidgetKey: got %+v, want %+v", got, in)
	}
	dup := &kefu.Inbox{OrgID: w.org.ID, Name: "Dup", Channel: kefu.ChannelWeb, WidgetKey: in.WidgetKey}
	wantCode(t, "CreateInbox duplicate widget key", s.CreateInbox(ctx, dup), kefu.CodeConflict)

	got.Name, got.MemberIDs, got.AllowedOrigins, got.Greeting = "Shop 2", nil, nil, "你好"
	must(t, s.UpdateInbox(ctx, got))
	got, err = s.GetInbox(ctx, w.org.ID, in.ID)
	must(t, err)
	if got.Name != "Shop 2" || len(got.MemberIDs) != 0 || got.MemberIDs == nil || len(got.AllowedOrigins) != 0 ||
		got.AllowedOrigins == nil || got.Greeting != "你好" {
		t.Errorf("after UpdateInbox: got %+v", got)
	}
	list, err := s.ListInboxes(ctx, w.org.ID)
	must(t, err)
	if len(list) != 2 {
		t.Errorf("ListInboxes: got %d, want 2", len(list))
	}
	_, err = s.GetInboxByWidgetKey(ctx, "nope")
	wantCode(t, "GetInboxByWidgetKey unknown", err, kefu.CodeNotFound)

	must(t, s.DeleteInbox(ctx, w.org.ID, w.inbox.ID))
	_, err = s.GetConversation(ctx, w.org.ID, w.conv.ID)
	wantCode(t, "conversation of a deleted inbox", err, kefu.CodeNotFound)
	wantCode(t, "DeleteInbox twice", s.DeleteInbox(ctx, w.org.ID, w.inbox.ID), kefu.CodeNotFound)
}

func testContacts(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	seen := time.Now()
	c := &kefu.Contact{OrgID: w.org.ID, Name: "Li Lei", Email: "li@example.com", Attributes: map[string]string{"plan": "pro"},
		LastSeenAt: &seen, Identities: []kefu.Identity{{Channel: kefu.ChannelWeb, ExternalID: "visitor-1"}}}
	must(t, s.CreateContact(ctx, c))
	if c.Identities[0].ID == "" || c.Identities[0].ContactID != c.ID || c.Identities[0].OrgID != w.org.ID {
		t.Errorf("CreateContact identity: got %+v", c.Identities[0])
	}
	got, err := s.FindContactByIdentity(ctx, w.org.ID, kefu.ChannelWeb, "visitor-1")
	must(t, err)
	if got.ID != c.ID || got.Attributes["plan"] != "pro" || len(got.Identities) != 1 || !got.LastSeenAt.Equal(*c.LastSeenAt) {
		t.Errorf("FindContactByIdentity: got %+v, want %+v", got, c)
	}
	wantCode(t, "AddIdentity duplicate",
		s.AddIdentity(ctx, &kefu.Identity{OrgID: w.org.ID, ContactID: w.contact.ID, Channel: kefu.ChannelWeb, ExternalID: "visitor-1"}),
		kefu.CodeConflict)
	dupContact := &kefu.Contact{OrgID: w.org.ID, Identities: []kefu.Identity{{Channel: kefu.ChannelWeb, ExternalID: "visitor-1"}}}
	wantCode(t, "CreateContact with a taken identity", s.CreateContact(ctx, dupContact), kefu.CodeConflict)
	must(t, s.AddIdentity(ctx, &kefu.Identity{OrgID: w.org.ID, ContactID: c.ID, Channel: "telegram", ExternalID: "42", Verified: true}))

	got.Name, got.Phone, got.Attributes, got.LastSeenAt = "Han Meimei", "+86 138", nil, nil
	must(t, s.UpdateContact(ctx, got))
	got, err = s.GetContact(ctx, w.org.ID, c.ID)
	must(t, err)
	if got.Name != "Han Meimei" || got.Phone != "+86 138" || got.Attributes == nil || len(got.Attributes) != 0 ||
		got.LastSeenAt != nil || len(got.Identities) != 2 {
		t.Errorf("after UpdateContact: got %+v", got)
	}
	_, err = s.FindContactByIdentity(ctx, w.org.ID, kefu.ChannelWeb, "nobody")
	wantCode(t, "FindContactByIdentity unknown", err, kefu.CodeNotFound)
}

func testContactsPagination(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	same := time.Now().Add(-time.Hour)
	for i := range 12 {
		c := &kefu.Contact{OrgID: w.org.ID, Name: "Buyer " + string(rune('a'+i)), CreatedAt: same}
		if i%3 == 0 {
			c.Email = "vip_" + string(rune('a'+i)) + "@example.com"
		}
		must(t, s.CreateContact(ctx, c))
	}
	var seen []string
	cursor := ""
	for page := 0; ; page++ {
		list, next, err := s.ListContacts(ctx, w.org.ID, kefu.ContactQuery{Cursor: cursor, Limit: 5})
		must(t, err)
		for _, c := range list {
			seen = append(seen, c.ID)
		}
		if next == "" {
			break
		}
		if page > 5 {
			t.Fatalf("ListContacts: pagination does not end")
		}
		cursor = next
	}
	if len(seen) != 13 || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 13 {
		t.Errorf("ListContacts pages: got %d ids (%d unique), want 13", len(seen), len(slices.Compact(slices.Sorted(slices.Values(seen)))))
	}
	found, _, err := s.ListContacts(ctx, w.org.ID, kefu.ContactQuery{Search: "VIP_"})
	must(t, err)
	if len(found) != 4 {
		t.Errorf("ListContacts search VIP_: got %d, want 4", len(found))
	}
	found, _, err = s.ListContacts(ctx, w.org.ID, kefu.ContactQuery{Search: "%"})
	must(t, err)
	if len(found) != 0 {
		t.Errorf("ListContacts search %%: got %d, want 0", len(found))
	}
	_, _, err = s.ListContacts(ctx, w.org.ID, kefu.ContactQuery{Cursor: "!!"})
	wantCode(t, "ListContacts bad cursor", err, kefu.CodeInvalid)
}

func testAPITokens(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	exp := time.Now().Add(time.Hour)
	tk := &kefu.APIToken{OrgID: w.org.ID, AgentID: w.owner.ID, Name: "ci", Role: kefu.RoleAgent, Prefix: "kf_ab", Hash: []byte{1, 2, 3}, ExpiresAt: &exp}
	must(t, s.CreateAPIToken(ctx, tk))
	dup := &kefu.APIToken{OrgID: w.org.ID, AgentID: w.owner.ID, Role: kefu.RoleAgent, Hash: []byte{1, 2, 3}}
	wantCode(t, "CreateAPIToken duplicate hash", s.CreateAPIToken(ctx, dup), kefu.CodeConflict)
	got, err := s.GetAPITokenByHash(ctx, []byte{1, 2, 3})
	must(t, err)
	if got.ID != tk.ID || got.RevokedAt != nil || got.LastUsedAt != nil || !got.ExpiresAt.Equal(*tk.ExpiresAt) {
		t.Errorf("GetAPITokenByHash: got %+v, want %+v", got, tk)
	}
	used := time.Now().UTC().Truncate(time.Microsecond)
	must(t, s.TouchAPIToken(ctx, tk.ID, used))
	must(t, s.RevokeAPIToken(ctx, w.org.ID, tk.ID, used.Add(time.Second)))
	list, err := s.ListAPITokens(ctx, w.org.ID)
	must(t, err)
	if len(list) != 1 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(used) ||
		list[0].RevokedAt == nil || !list[0].RevokedAt.Equal(used.Add(time.Second)) {
		t.Errorf("ListAPITokens after touch and revoke: got %+v", list)
	}
	_, err = s.GetAPITokenByHash(ctx, []byte{9})
	wantCode(t, "GetAPITokenByHash unknown", err, kefu.CodeNotFound)
}

func testSessions(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	now := time.Now().UTC().Truncate(time.Microsecond)
	live := &kefu.Session{Hash: []byte("live"), OrgID: w.org.ID, AgentID: w.owner.ID, CSRFToken: "c", ExpiresAt: now.Add(time.Hour)}
	old := &kefu.Session{Hash: []byte("old"), OrgID: w.org.ID, AgentID: w.owner.ID, ExpiresAt: now.Add(-time.Hour)}
	must(t, s.CreateSession(ctx, live))
	must(t, s.CreateSession(ctx, old))
	wantCode(t, "CreateSession duplicate", s.CreateSession(ctx, live), kefu.CodeConflict)
	got, err := s.GetSession(ctx, []byte("live"))
	must(t, err)
	if got.AgentID != w.owner.ID || got.CSRFToken != "c" || !got.ExpiresAt.Equal(live.ExpiresAt) {
		t.Errorf("GetSession: got %+v, want %+v", got, live)
	}
	sess, agent, err := s.GetSessionAgent(ctx, []byte("live"))
	must(t, err)
	if sess.AgentID != w.owner.ID || sess.OrgID != w.org.ID || sess.CSRFToken != "c" || !sess.ExpiresAt.Equal(live.ExpiresAt) {
		t.Errorf("GetSessionAgent session: got %+v, want %+v", sess, live)
	}
	if agent.ID != w.owner.ID || agent.OrgID != w.org.ID || agent.Email != w.owner.Email || agent.Role != kefu.RoleOwner ||
		!agent.CreatedAt.Equal(w.owner.CreatedAt) {
		t.Errorf("GetSessionAgent agent: got %+v, want %+v", agent, w.owner)
	}
	_, _, err = s.GetSessionAgent(ctx, []byte("none"))
	wantCode(t, "GetSessionAgent unknown", err, kefu.CodeNotFound)
	must(t, s.TouchSession(ctx, []byte("live"), now.Add(time.Minute), now.Add(2*time.Hour)))
	got, _ = s.GetSession(ctx, []byte("live"))
	if !got.LastSeenAt.Equal(now.Add(time.Minute)) || !got.ExpiresAt.Equal(now.Add(2*time.Hour)) {
		t.Errorf("after TouchSession: got %+v", got)
	}
	n, err := s.DeleteExpiredSessions(ctx, now)
	must(t, err)
	if n != 1 {
		t.Errorf("DeleteExpiredSessions: got %d, want 1", n)
	}
	must(t, s.DeleteSession(ctx, []byte("live")))
	_, err = s.GetSession(ctx, []byte("live"))
	wantCode(t, "GetSession after delete", err, kefu.CodeNotFound)
	must(t, s.CreateSession(ctx, &kefu.Session{Hash: []byte("a"), OrgID: w.org.ID, AgentID: w.owner.ID, ExpiresAt: now.Add(time.Hour)}))
	must(t, s.CreateSession(ctx, &kefu.Session{Hash: []byte("b"), OrgID: w.org.ID, AgentID: w.owner.ID, ExpiresAt: now.Add(time.Hour)}))
	must(t, s.DeleteAgentSessions(ctx, w.org.ID, w.owner.ID))
	for _, h := range []string{"a", "b"} {
		_, err = s.GetSession(ctx, []byte(h))
		wantCode(t, "GetSession after DeleteAgentSessions", err, kefu.CodeNotFound)
	}
}

func testAttachments(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	a := &kefu.Attachment{OrgID: w.org.ID, ConversationID: w.conv.ID, UploaderType: kefu.SenderContact, UploaderID: w.contact.ID,
		FileName: "a.png", ContentType: "image/png", Size: 10, SHA256: "ab", StorageKey: "k/1"}
	must(t, s.CreateAttachment(ctx, a))
	got, err := s.GetAttachment(ctx, w.org.ID, a.ID)
	must(t, err)
	if got.StorageKey != "k/1" || got.MessageID != "" || got.Size != 10 || !got.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("GetAttachment: got %+v, want %+v", got, a)
	}
	_, err = s.GetAttachment(ctx, w.org.ID, "00000000-0000-7000-8000-000000000000")
	wantCode(t, "GetAttachment unknown", err, kefu.CodeNotFound)
	other := newWorld(t, s)
	bad := &kefu.Attachment{OrgID: w.org.ID, ConversationID: other.conv.ID, UploaderType: kefu.SenderAgent, StorageKey: "k/2"}
	wantCode(t, "CreateAttachment in another org's conversation", s.CreateAttachment(ctx, bad), kefu.CodeNotFound)
}
