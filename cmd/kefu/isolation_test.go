package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// isoEndpoint is one REST endpoint that takes an object id.
type isoEndpoint struct {
	name   string
	method string
	path   string               // with {id}
	id     func(*tenant) string // the victim's object
	body   any                  // JSON body; nil for none
	upload bool                 // multipart upload instead of JSON
}

// isoEndpoints is every object-taking endpoint of the route table in internal/httpapi/api.go.
// Files download is not here: it is a capability URL (see TestTenantIsolation/files).
func isoEndpoints() []isoEndpoint {
	conv := func(tn *tenant) string { return tn.ConvID }
	contact := func(tn *tenant) string { return tn.Visitor.ContactID }
	inbox := func(tn *tenant) string { return tn.InboxID }
	return []isoEndpoint{
		{"get conversation", "GET", "/api/v1/conversations/{id}", conv, nil, false},
		{"list messages", "GET", "/api/v1/conversations/{id}/messages", conv, nil, false},
		{"send message", "POST", "/api/v1/conversations/{id}/messages", conv, map[string]string{"content": "intrusion", "client_msg_id": "x-agent"}, false},
		{"send note", "POST", "/api/v1/conversations/{id}/messages", conv, map[string]string{"content": "intrusion", "kind": "note"}, false},
		{"assign", "POST", "/api/v1/conversations/{id}/assign", conv, map[string]any{"assignee_id": ""}, false},
		{"status", "POST", "/api/v1/conversations/{id}/status", conv, map[string]string{"status": "resolved"}, false},
		{"priority", "POST", "/api/v1/conversations/{id}/priority", conv, map[string]string{"priority": "urgent"}, false},
		{"labels", "PUT", "/api/v1/conversations/{id}/labels", conv, map[string]any{"labels": []string{}}, false},
		{"read", "POST", "/api/v1/conversations/{id}/read", conv, map[string]int{"seq": 1}, false},
		{"typing", "POST", "/api/v1/conversations/{id}/typing", conv, map[string]bool{"typing": true}, false},
		{"upload", "POST", "/api/v1/conversations/{id}/attachments", conv, nil, true},
		{"get contact", "GET", "/api/v1/contacts/{id}", contact, nil, false},
		{"update contact", "PATCH", "/api/v1/contacts/{id}", contact, map[string]string{"name": "pwned"}, false},
		{"contact conversations", "GET", "/api/v1/contacts/{id}/conversations", contact, nil, false},
		{"invite visitor", "POST", "/api/v1/visitors/{id}/conversations", contact, map[string]string{"inbox_id": randomUUID, "client_msg_id": "x-invite", "content": "intrusion"}, false},
		{"contact privacy", "GET", "/api/v1/contacts/{id}/privacy", contact, nil, false},
		{"contact legal hold", "PUT", "/api/v1/contacts/{id}/legal-hold", contact, map[string]bool{"hold": true}, false},
		{"export contact", "POST", "/api/v1/contacts/{id}/export", contact, nil, false},
		{"erase contact", "POST", "/api/v1/contacts/{id}/erase", contact, map[string]string{"confirm": "erase"}, false},
		{"conversation legal hold", "GET", "/api/v1/conversations/{id}/legal-hold", conv, nil, false},
		{"set conversation legal hold", "PUT", "/api/v1/conversations/{id}/legal-hold", conv, map[string]bool{"hold": true}, false},
		{"inbox retention", "GET", "/api/v1/inboxes/{id}/retention", inbox, nil, false},
		{"set inbox retention", "PUT", "/api/v1/inboxes/{id}/retention", inbox, map[string]any{"mode": "delete", "days": 1}, false},
		{"update agent", "PATCH", "/api/v1/agents/{id}", func(tn *tenant) string { return tn.AgentIDs["agent"] }, map[string]any{"name": "pwned", "disabled": true}, false},
		{"end agent sessions", "DELETE", "/api/v1/agents/{id}/sessions", func(tn *tenant) string { return tn.AgentIDs["agent"] }, nil, false},
		{"update owner", "PATCH", "/api/v1/agents/{id}", func(tn *tenant) string { return tn.AgentIDs["owner"] }, map[string]any{"role": "agent"}, false},
		{"update team", "PATCH", "/api/v1/teams/{id}", func(tn *tenant) string { return tn.TeamID }, map[string]string{"name": "pwned"}, false},
		{"delete team", "DELETE", "/api/v1/teams/{id}", func(tn *tenant) string { return tn.TeamID }, nil, false},
		{"get inbox", "GET", "/api/v1/inboxes/{id}", inbox, nil, false},
		{"update inbox", "PATCH", "/api/v1/inboxes/{id}", inbox, map[string]any{"name": "pwned", "rotate_identity_secret": true}, false},
		{"delete inbox", "DELETE", "/api/v1/inboxes/{id}", inbox, nil, false},
		{"identity secret", "GET", "/api/v1/inboxes/{id}/identity-secret", inbox, nil, false},
		{"update label", "PATCH", "/api/v1/labels/{id}", func(tn *tenant) string { return tn.LabelID }, map[string]string{"name": "pwned"}, false},
		{"delete label", "DELETE", "/api/v1/labels/{id}", func(tn *tenant) string { return tn.LabelID }, nil, false},
		{"revoke token", "DELETE", "/api/v1/tokens/{id}", func(tn *tenant) string { return tn.APITokenID }, nil, false},
		{"reissue invitation", "POST", "/api/v1/invitations/{id}/reissue", func(tn *tenant) string { return tn.InvitationID }, nil, false},
		{"revoke invitation", "DELETE", "/api/v1/invitations/{id}", func(tn *tenant) string { return tn.InvitationID }, nil, false},
		{"update role", "PATCH", "/api/v1/roles/{id}", func(tn *tenant) string { return tn.RoleID }, map[string]any{"permissions": []string{}}, false},
		{"delete role", "DELETE", "/api/v1/roles/{id}", func(tn *tenant) string { return tn.RoleID }, nil, false},
		{"update canned reply", "PATCH", "/api/v1/canned-replies/{id}", func(tn *tenant) string { return tn.CannedID }, map[string]string{"content": "pwned"}, false},
		{"delete canned reply", "DELETE", "/api/v1/canned-replies/{id}", func(tn *tenant) string { return tn.CannedID }, nil, false},
		{"update webhook", "PATCH", "/api/v1/webhooks/{id}", func(tn *tenant) string { return tn.WebhookID }, map[string]any{"description": "pwned", "enabled": false}, false},
		{"delete webhook", "DELETE", "/api/v1/webhooks/{id}", func(tn *tenant) string { return tn.WebhookID }, nil, false},
		{"webhook deliveries", "GET", "/api/v1/webhooks/{id}/deliveries", func(tn *tenant) string { return tn.WebhookID }, nil, false},
		{"ping webhook", "POST", "/api/v1/webhooks/{id}/ping", func(tn *tenant) string { return tn.WebhookID }, nil, false},
		{"retry job", "POST", "/api/v1/jobs/{id}/retry", func(tn *tenant) string { return tn.WebhookJobID }, nil, false},
		{"widget queue", "GET", "/api/v1/widget/conversations/{id}/queue", conv, nil, false},
		{"widget rating", "POST", "/api/v1/widget/conversations/{id}/rating", conv, map[string]any{"score": 1}, false},
		{"widget messages", "GET", "/api/v1/widget/conversations/{id}/messages", conv, nil, false},
		{"widget send", "POST", "/api/v1/widget/conversations/{id}/messages", conv, map[string]string{"content": "intrusion", "client_msg_id": "x-visitor"}, false},
		{"widget read", "POST", "/api/v1/widget/conversations/{id}/read", conv, map[string]int{"seq": 1}, false},
		{"widget typing", "POST", "/api/v1/widget/conversations/{id}/typing", conv, map[string]bool{"typing": true}, false},
		{"widget upload", "POST", "/api/v1/widget/conversations/{id}/attachments", conv, nil, true},
	}
}

// isoCaller is someone who must not reach the victim's objects.
type isoCaller struct {
	name  string
	token string
}

// intruders are every role of org B, B's API token and visitor, a visitor of A who does not
// own the victim conversation, no credentials and garbage tokens of each shape.
func intruders(a, b *tenant) []isoCaller {
	return []isoCaller{
		{"B owner", b.Tokens["owner"]},
		{"B admin", b.Tokens["admin"]},
		{"B supervisor", b.Tokens["supervisor"]},
		{"B agent", b.Tokens["agent"]},
		{"B API token", b.APIToken},
		{"B visitor", b.Visitor.Token},
		{"A other visitor", a.Other.Token},
		{"no credentials", ""},
		{"garbage", "garbage"},
		{"garbage session", "kfs_" + strings.Repeat("x", 40)},
		{"garbage API token", "kft_" + strings.Repeat("x", 40)},
		{"garbage visitor", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"},
	}
}

// call makes one matrix request against id.
func (s *testServer) call(ep isoEndpoint, token, id string) response {
	s.t.Helper()
	path := strings.ReplaceAll(ep.path, "{id}", id)
	if ep.upload {
		return s.upload(path, token, "x.png", pngBytes)
	}
	return s.do(ep.method, path, token, ep.body)
}

// with is s reporting to t, for use inside subtests.
func (s *testServer) with(t testing.TB) *testServer { return &testServer{Main: s.Main, t: t} }

// snapshot is what org A looks like to its owner and its visitor; denied writes must leave
// every byte of it unchanged.
func (s *testServer) snapshot(a *tenant) map[string]string {
	s.t.Helper()
	owner := a.Tokens["owner"]
	out := map[string]string{}
	for _, p := range []string{
		"/api/v1/conversations/" + a.ConvID, "/api/v1/conversations/" + a.ConvID + "/messages",
		"/api/v1/conversations/" + a.OtherConvID + "/messages", "/api/v1/contacts/" + a.Visitor.ContactID,
		"/api/v1/inboxes/" + a.InboxID, "/api/v1/inboxes/" + a.InboxID + "/identity-secret",
		"/api/v1/labels", "/api/v1/teams", "/api/v1/tokens", "/api/v1/agents", "/api/v1/org", "/api/v1/roles", "/api/v1/webhooks",
		"/api/v1/invitations",
	} {
		out[p] = string(s.mustDo(200, "GET", p, owner, nil).Body)
	}
	p := "/api/v1/widget/conversations/" + a.ConvID + "/messages"
	out["visitor "+p] = string(s.mustDo(200, "GET", p, a.Visitor.Token, nil).Body)
	return out
}

// TestTenantIsolation tries every caller who is not entitled to them against organisation
// A's objects, over REST and WebSocket, on every database: nothing succeeds, nothing changes,
// and the answer cannot be told apart from the one for an id that does not exist.
func TestTenantIsolation(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a, b := s.mustTenant("Alpha"), s.mustTenant("Beta")
		if a.ID == b.ID {
			t.Fatalf("both tenants have org id %s, want two organisations", a.ID)
		}
		ownerWS := s.mustWelcome("/api/v1/ws", map[string]any{"token": a.Tokens["owner"]})
		var conv struct {
			LastSeq int64 `json:"last_seq"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID, a.Tokens["owner"], nil).JSON(t, &conv)
		visitorWS := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": a.Visitor.Token, "since": map[string]int64{a.ConvID: conv.LastSeq}})
		before := s.snapshot(a)

		t.Run("rest", func(t *testing.T) { testRESTMatrix(t, s.with(t), a, b) })
		t.Run("websocket", func(t *testing.T) { testWSMatrix(t, s.with(t), a, b) })
		t.Run("websocket credentials", func(t *testing.T) { testWSCredentials(t, s.with(t), a) })
		t.Run("files", func(t *testing.T) { testFileCapability(t, s.with(t), a, b) })
		t.Run("references", func(t *testing.T) { testCrossReferences(t, s.with(t), a, b) })

		after := s.snapshot(a)
		for k, v := range before {
			if after[k] != v {
				t.Errorf("GET %s changed after denied requests:\nbefore %s\nafter  %s", k, v, after[k])
			}
		}
		// Nothing reached A's live connections either: the first event each sees is the
		// sentinel A's own agent sends now.
		s.mustDo(201, "POST", "/api/v1/conversations/"+a.ConvID+"/messages", a.Tokens["agent"], map[string]string{"content": "sentinel"})
		for name, c := range map[string]*websocket.Conn{"owner": ownerWS, "visitor": visitorWS} {
			f := readUntil(t, c, 5*time.Second, func(f frame) bool {
				typ := f.str("type")
				return typ == "message.created" || typ == "typing"
			})
			msg, _ := f["message"].(map[string]any)
			if f.str("type") != "message.created" || msg["content"] != "sentinel" {
				t.Errorf("%s connection of org A first saw %v, want the sentinel message: an intruder's event leaked", name, f)
			}
		}
	})
}

func testRESTMatrix(t *testing.T, s *testServer, a, b *tenant) {
	for _, ep := range isoEndpoints() {
		for _, c := range intruders(a, b) {
			got := s.call(ep, c.token, ep.id(a))
			want := s.call(ep, c.token, randomUUID)
			if got.Status < 400 {
				t.Errorf("%s as %s: got status %d (%s), want a refusal", ep.name, c.name, got.Status, got.Body)
				continue
			}
			if got.Status != want.Status || !bytes.Equal(got.Body, want.Body) {
				t.Errorf("%s as %s: someone else's object answers %d %s, a missing one %d %s; want them identical",
					ep.name, c.name, got.Status, got.Body, want.Status, want.Body)
			}
			if ct := got.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s as %s: got content type %q, want application/problem+json", ep.name, c.name, ct)
			}
			if code := got.Code(t); code != "not_found" && code != "unauthenticated" {
				t.Errorf("%s as %s: got code %q, want not_found or unauthenticated", ep.name, c.name, code)
			}
		}
	}
}

// testWSMatrix sends every realtime action against A's conversation from the callers that get
// past the hello — B's agents on the agent socket, B's visitor and A's other visitor on the
// visitor socket — and compares each error frame with the one for a missing conversation.
func testWSMatrix(t *testing.T, s *testServer, a, b *tenant) {
	type wsCaller struct {
		name, path, token string
	}
	callers := []wsCaller{
		{"B owner", "/api/v1/ws", b.Tokens["owner"]},
		{"B admin", "/api/v1/ws", b.Tokens["admin"]},
		{"B supervisor", "/api/v1/ws", b.Tokens["supervisor"]},
		{"B agent", "/api/v1/ws", b.Tokens["agent"]},
		{"B API token", "/api/v1/ws", b.APIToken},
		{"B visitor", "/api/v1/widget/ws", b.Visitor.Token},
		{"A other visitor", "/api/v1/widget/ws", a.Other.Token},
	}
	actions := []map[string]any{
		{"type": "send", "client_msg_id": "ws-x", "content": "intrusion"},
		{"type": "send", "client_msg_id": "ws-n", "content": "intrusion", "kind": "note"},
		{"type": "read", "seq": 1},
		{"type": "typing", "typing": true},
	}
	for _, c := range callers {
		conn := s.mustWelcome(c.path, map[string]any{"token": c.token})
		for i, act := range actions {
			frames := [2][]byte{}
			for j, id := range []string{a.ConvID, randomUUID} {
				f := map[string]any{"ref": "r" + itoa(int64(i))}
				for k, v := range act {
					f[k] = v
				}
				f["conversation_id"] = id
				frames[j] = wsRequest(t, conn, f)
			}
			var e struct {
				Type, Code string
			}
			_ = json.Unmarshal(frames[0], &e)
			if e.Type != "error" || e.Code != "not_found" {
				t.Errorf("%s %s on A's conversation: got %s, want an error frame with code not_found", c.name, act["type"], frames[0])
			}
			if !bytes.Equal(frames[0], frames[1]) {
				t.Errorf("%s %s: someone else's conversation answers %s, a missing one %s; want them identical", c.name, act["type"], frames[0], frames[1])
			}
		}
	}
}

// testWSCredentials: a hello without valid credentials of the socket's kind closes with 4001.
// Agent tokens never open the visitor socket and visitor tokens never the agent socket.
func testWSCredentials(t *testing.T, s *testServer, a *tenant) {
	cases := []struct {
		name, path, token string
	}{
		{"agent socket, no credentials", "/api/v1/ws", ""},
		{"agent socket, garbage", "/api/v1/ws", "garbage"},
		{"agent socket, garbage session", "/api/v1/ws", "kfs_" + strings.Repeat("x", 40)},
		{"agent socket, visitor token", "/api/v1/ws", a.Visitor.Token},
		{"visitor socket, no credentials", "/api/v1/widget/ws", ""},
		{"visitor socket, garbage", "/api/v1/widget/ws", "garbage"},
		{"visitor socket, agent token", "/api/v1/widget/ws", a.Tokens["agent"]},
		{"visitor socket, owner token", "/api/v1/widget/ws", a.Tokens["owner"]},
		{"visitor socket, API token", "/api/v1/widget/ws", a.APIToken},
	}
	for _, tc := range cases {
		hello := map[string]any{}
		if tc.token != "" {
			hello["token"] = tc.token
		}
		c := s.dialWS(tc.path, hello)
		if code := closeCode(t, c); code != 4001 {
			t.Errorf("%s: got close code %d, want 4001", tc.name, code)
		}
	}
}

// testFileCapability: an agent's attachment URL is no bearer link. Only an agent of the
// organisation downloads it; another organisation's agents and API tokens get the same
// not_found as for an id that names nothing, and visitors and anonymous callers are refused.
// (Visitors download by signed links: TestVisitorFileLinks.)
func testFileCapability(t *testing.T, s *testServer, a, b *tenant) {
	if a.FileURL != "/api/v1/files/"+a.AttachmentID {
		t.Fatalf("A's attachment URL is %q, want the agents' path by id", a.FileURL)
	}
	if r := s.do("GET", a.FileURL, a.Tokens["agent"], nil); r.Status != 200 || !bytes.Equal(r.Body, pngBytes) {
		t.Fatalf("A's agent downloading A's file: got %d, want 200 with the uploaded bytes", r.Status)
	}
	unknown := s.do("GET", "/api/v1/files/"+randomUUID, b.Tokens["agent"], nil)
	for _, c := range intruders(a, b) {
		r := s.do("GET", a.FileURL, c.token, nil)
		switch {
		case bytes.Equal(r.Body, pngBytes) || r.Status < 400:
			t.Errorf("download of A's file as %s: got %d, want a refusal", c.name, r.Status)
		case strings.HasPrefix(c.name, "B ") && c.name != "B visitor" && !bytes.Equal(r.Body, unknown.Body):
			t.Errorf("download of A's file as %s: got %d %s, want the same as for an unknown id (%s)", c.name, r.Status, r.Body, unknown.Body)
		}
	}
	for _, other := range []string{b.Tokens["owner"], b.Visitor.Token} {
		for _, p := range []string{"/api/v1/conversations", "/api/v1/widget/conversations", "/api/v1/contacts"} {
			if r := s.do("GET", p, other, nil); bytes.Contains(r.Body, []byte(a.AttachmentID)) || bytes.Contains(r.Body, []byte(a.ConvID)) {
				t.Errorf("GET %s as org B shows org A's objects: %s", p, r.Body)
			}
		}
	}
}

// TestRoleRules checks the rules inside one organisation: what each role may not do, and that
// API tokens act with their own role.
func TestRoleRules(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustTenant("Alpha")
		t.Run("agent may not administer", func(t *testing.T) { testAgentMayNotAdminister(t, s.with(t), a) })
		t.Run("assignment", func(t *testing.T) { testAssignmentRules(t, s.with(t), a) })
		t.Run("admin and owners", func(t *testing.T) { testOwnerRules(t, s.with(t), a) })
		t.Run("api tokens", func(t *testing.T) { testAPITokenRoles(t, s.with(t), a) })
		t.Run("token kinds", func(t *testing.T) { testTokenKinds(t, s.with(t), a) })
	})
}

// wantProblem fails unless r has status and code.
func wantProblem(t testing.TB, what string, r response, status int, code string) {
	t.Helper()
	if r.Status != status || r.Code(t) != code {
		t.Errorf("%s: got %d %s, want %d %s", what, r.Status, r.Body, status, code)
	}
}

func testAgentMayNotAdminister(t *testing.T, s *testServer, a *tenant) {
	before := s.snapshot(a)
	for _, role := range []string{"agent", "supervisor"} {
		tok := a.Tokens[role]
		for _, tc := range []struct {
			name, method, path string
			body               any
		}{
			{"create agent", "POST", "/api/v1/agents", map[string]string{"email": "new-" + role + "@example.com", "name": "New", "password": "password-1", "role": "agent"}},
			{"create inbox", "POST", "/api/v1/inboxes", map[string]string{"name": "Rogue"}},
			{"create token", "POST", "/api/v1/tokens", map[string]string{"name": "rogue", "role": "agent"}},
			{"create label", "POST", "/api/v1/labels", map[string]string{"name": "rogue"}},
			{"create team", "POST", "/api/v1/teams", map[string]string{"name": "Rogue"}},
			{"update org", "PATCH", "/api/v1/org", map[string]string{"name": "Rogue"}},
			{"update agent", "PATCH", "/api/v1/agents/" + a.AgentIDs["agent"], map[string]int{"capacity": 99}},
			{"update inbox", "PATCH", "/api/v1/inboxes/" + a.InboxID, map[string]string{"name": "Rogue"}},
			{"delete inbox", "DELETE", "/api/v1/inboxes/" + a.InboxID, nil},
			{"identity secret", "GET", "/api/v1/inboxes/" + a.InboxID + "/identity-secret", nil},
			{"update label", "PATCH", "/api/v1/labels/" + a.LabelID, map[string]string{"name": "rogue"}},
			{"delete team", "DELETE", "/api/v1/teams/" + a.TeamID, nil},
			{"revoke token", "DELETE", "/api/v1/tokens/" + a.APITokenID, nil},
			{"list tokens", "GET", "/api/v1/tokens", nil},
		} {
			wantProblem(t, role+" "+tc.name, s.do(tc.method, tc.path, tok, tc.body), 403, "forbidden")
		}
	}
	after := s.snapshot(a)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("GET %s changed after forbidden requests:\nbefore %s\nafter  %s", k, v, after[k])
		}
	}
}

// assignee reads the conversation's assignee as its owner sees it.
func (s *testServer) assignee(a *tenant) string {
	s.t.Helper()
	var c struct {
		AssigneeID string `json:"assignee_id"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID, a.Tokens["owner"], nil).JSON(s.t, &c)
	return c.AssigneeID
}

func testAssignmentRules(t *testing.T, s *testServer, a *tenant) {
	var colleague struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/agents", a.Tokens["admin"], map[string]string{
		"email": "colleague@example.com", "name": "Colleague", "password": "password-1", "role": "agent",
	}).JSON(t, &colleague)
	colleagueTok := s.mustLogin("colleague@example.com", "password-1")
	agentID := a.AgentIDs["agent"]
	assign := func(tok string, to string) response {
		return s.do("POST", "/api/v1/conversations/"+a.ConvID+"/assign", tok, map[string]any{"assignee_id": to})
	}
	if r := assign(a.Tokens["owner"], agentID); r.Status != 200 {
		t.Fatalf("owner assigns to agent: got %d %s, want 200", r.Status, r.Body)
	}
	wantProblem(t, "colleague takes an assigned conversation", assign(colleagueTok, colleague.ID), 403, "forbidden")
	wantProblem(t, "colleague unassigns it", assign(colleagueTok, ""), 403, "forbidden")
	if got := s.assignee(a); got != agentID {
		t.Errorf("after refused takeovers: got assignee %q, want %q", got, agentID)
	}
	if r := assign(a.Tokens["supervisor"], colleague.ID); r.Status != 200 {
		t.Fatalf("supervisor reassigns: got %d %s, want 200", r.Status, r.Body)
	}
	if got := s.assignee(a); got != colleague.ID {
		t.Errorf("after supervisor's reassignment: got assignee %q, want %q", got, colleague.ID)
	}
	wantProblem(t, "former assignee takes it back", assign(a.Tokens["agent"], agentID), 403, "forbidden")
	if r := assign(colleagueTok, agentID); r.Status != 200 {
		t.Errorf("assignee hands it on: got %d %s, want 200", r.Status, r.Body)
	}
	var other struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/agents", a.Tokens["owner"], map[string]string{
		"email": "outsider-ref@example.com", "name": "Ref", "password": "password-1", "role": "agent",
	}).JSON(t, &other)
	// An agent takes an unassigned conversation for themselves, but not for someone else.
	s.mustDo(200, "POST", "/api/v1/conversations/"+a.OtherConvID+"/assign", a.Tokens["owner"], map[string]any{"assignee_id": ""})
	wantProblem(t, "agent assigns an unassigned conversation to a colleague",
		s.do("POST", "/api/v1/conversations/"+a.OtherConvID+"/assign", colleagueTok, map[string]any{"assignee_id": other.ID}), 403, "forbidden")
	s.mustDo(200, "POST", "/api/v1/conversations/"+a.OtherConvID+"/assign", colleagueTok, map[string]any{"assignee_id": colleague.ID})
}

func testOwnerRules(t *testing.T, s *testServer, a *tenant) {
	owner, admin := a.AgentIDs["owner"], a.Tokens["admin"]
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"admin renames the owner", "PATCH", "/api/v1/agents/" + owner, map[string]string{"name": "Mallory"}},
		{"admin disables the owner", "PATCH", "/api/v1/agents/" + owner, map[string]bool{"disabled": true}},
		{"admin demotes the owner", "PATCH", "/api/v1/agents/" + owner, map[string]string{"role": "agent"}},
		{"admin grants owner", "PATCH", "/api/v1/agents/" + a.AgentIDs["agent"], map[string]string{"role": "owner"}},
		{"admin creates an owner", "POST", "/api/v1/agents", map[string]string{"email": "o2@example.com", "name": "O2", "password": "password-1", "role": "owner"}},
		{"admin creates an owner token", "POST", "/api/v1/tokens", map[string]string{"name": "up", "role": "owner"}},
	} {
		wantProblem(t, tc.name, s.do(tc.method, tc.path, admin, tc.body), 403, "forbidden")
	}
	if r := s.do("PATCH", "/api/v1/agents/"+a.AgentIDs["agent"], admin, map[string]string{"name": "Renamed"}); r.Status != 200 {
		t.Errorf("admin renames an agent: got %d %s, want 200", r.Status, r.Body)
	}
	// The last active owner can be neither demoted nor disabled, not even by themselves.
	ownerTok := a.Tokens["owner"]
	wantProblem(t, "last owner demotes self", s.do("PATCH", "/api/v1/agents/"+owner, ownerTok, map[string]string{"role": "admin"}), 409, "conflict")
	wantProblem(t, "last owner disables self", s.do("PATCH", "/api/v1/agents/"+owner, ownerTok, map[string]bool{"disabled": true}), 409, "conflict")
	var me struct {
		Agent struct {
			Role     string `json:"role"`
			Disabled bool   `json:"disabled"`
		} `json:"agent"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", ownerTok, nil).JSON(t, &me)
	if me.Agent.Role != "owner" || me.Agent.Disabled {
		t.Errorf("last owner after refused changes: got role %q disabled %v, want an active owner", me.Agent.Role, me.Agent.Disabled)
	}
	var second struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/agents", ownerTok, map[string]string{"email": "owner2@example.com", "name": "Second", "password": "password-1", "role": "owner"}).JSON(t, &second)
	if r := s.do("PATCH", "/api/v1/agents/"+second.ID, ownerTok, map[string]string{"role": "admin"}); r.Status != 200 {
		t.Errorf("owner demotes a second owner: got %d %s, want 200", r.Status, r.Body)
	}
	wantProblem(t, "last owner demotes self again", s.do("PATCH", "/api/v1/agents/"+owner, ownerTok, map[string]string{"role": "admin"}), 409, "conflict")
}

func testAPITokenRoles(t *testing.T, s *testServer, a *tenant) {
	mint := func(role string) (id, secret string) {
		var out struct {
			Token    string `json:"token"`
			APIToken struct {
				ID string `json:"id"`
			} `json:"api_token"`
		}
		s.mustDo(201, "POST", "/api/v1/tokens", a.Tokens["owner"], map[string]string{"name": role + " bot", "role": role}).JSON(t, &out)
		return out.APIToken.ID, out.Token
	}
	agentTokID, agentTok := mint("agent")
	wantProblem(t, "agent-role token creates a label", s.do("POST", "/api/v1/labels", agentTok, map[string]string{"name": "bot-label"}), 403, "forbidden")
	wantProblem(t, "agent-role token reads the identity secret", s.do("GET", "/api/v1/inboxes/"+a.InboxID+"/identity-secret", agentTok, nil), 403, "forbidden")
	if r := s.do("POST", "/api/v1/conversations/"+a.ConvID+"/messages", agentTok, map[string]string{"content": "from the bot"}); r.Status != 201 {
		t.Errorf("agent-role token replies: got %d %s, want 201", r.Status, r.Body)
	}
	// a.APIToken has the admin role.
	if r := s.do("POST", "/api/v1/labels", a.APIToken, map[string]string{"name": "admin-bot-label"}); r.Status != 201 {
		t.Errorf("admin-role token creates a label: got %d %s, want 201", r.Status, r.Body)
	}
	wantProblem(t, "admin-role token touches the owner", s.do("PATCH", "/api/v1/agents/"+a.AgentIDs["owner"], a.APIToken, map[string]string{"name": "x"}), 403, "forbidden")
	if r := s.do("POST", "/api/v1/tokens", a.APIToken, map[string]string{"name": "child", "role": "agent"}); r.Status < 400 {
		t.Errorf("an API token mints a token: got %d %s, want a refusal", r.Status, r.Body)
	}
	s.mustDo(204, "DELETE", "/api/v1/tokens/"+agentTokID, a.Tokens["admin"], nil)
	wantProblem(t, "revoked token", s.do("GET", "/api/v1/conversations", agentTok, nil), 401, "unauthenticated")
}

// testTokenKinds: a visitor token never works on agent endpoints and an agent token never on
// widget endpoints, not even for the caller's own objects.
func testTokenKinds(t *testing.T, s *testServer, a *tenant) {
	v := a.Visitor.Token
	for _, p := range []string{
		"/api/v1/conversations", "/api/v1/conversations/" + a.ConvID, "/api/v1/conversations/" + a.ConvID + "/messages",
		"/api/v1/contacts/" + a.Visitor.ContactID, "/api/v1/auth/me", "/api/v1/inboxes", "/api/v1/org", "/api/v1/agents",
	} {
		wantProblem(t, "visitor token GET "+p, s.do("GET", p, v, nil), 401, "unauthenticated")
	}
	// The session-status question answers 200 to anyone, but a visitor is no signed-in agent.
	var st sessionStatus
	s.mustDo(200, "GET", "/api/v1/auth/session", v, nil).JSON(t, &st)
	if st.SignedIn || st.Agent != nil || len(st.Permissions) != 0 {
		t.Errorf("visitor token on /auth/session: %+v, want signed out with nothing of the organisation", st)
	}
	wantProblem(t, "visitor token sends as agent", s.do("POST", "/api/v1/conversations/"+a.ConvID+"/messages", v, map[string]string{"content": "x"}), 401, "unauthenticated")
	for _, tok := range []string{a.Tokens["owner"], a.Tokens["agent"], a.APIToken} {
		wantProblem(t, "agent token lists widget conversations", s.do("GET", "/api/v1/widget/conversations", tok, nil), 401, "unauthenticated")
		wantProblem(t, "agent token starts a widget conversation", s.do("POST", "/api/v1/widget/conversations", tok, map[string]any{}), 401, "unauthenticated")
		wantProblem(t, "agent token reads widget messages", s.do("GET", "/api/v1/widget/conversations/"+a.ConvID+"/messages", tok, nil), 401, "unauthenticated")
		wantProblem(t, "agent token sends as visitor", s.do("POST", "/api/v1/widget/conversations/"+a.ConvID+"/messages", tok, map[string]string{"content": "x"}), 401, "unauthenticated")
	}
	// The SSE fallbacks answer before streaming.
	wantProblem(t, "visitor token on the agent event stream", s.do("GET", "/api/v1/events", v, nil), 401, "unauthenticated")
	wantProblem(t, "agent token on the visitor event stream", s.do("GET", "/api/v1/widget/events?token="+a.Tokens["agent"], "", nil), 401, "unauthenticated")
	wantProblem(t, "API token on the visitor event stream", s.do("GET", "/api/v1/widget/events?token="+a.APIToken, "", nil), 401, "unauthenticated")
}

// testCrossReferences: B's own writes and queries that name A's objects inside the body or
// query behave exactly as if they named nothing.
func testCrossReferences(t *testing.T, s *testServer, a, b *tenant) {
	owner := b.Tokens["owner"]
	conv := "/api/v1/conversations/" + b.ConvID
	cases := []struct {
		name, method, path string
		body               func(id string) any
		id                 string // A's object
	}{
		{"assign to A's agent", "POST", conv + "/assign", func(id string) any { return map[string]string{"assignee_id": id} }, a.AgentIDs["agent"]},
		{"assign to A's team", "POST", conv + "/assign", func(id string) any { return map[string]string{"team_id": id} }, a.TeamID},
		{"send A's attachment", "POST", conv + "/messages", func(id string) any { return map[string]any{"attachment_ids": []string{id}} }, a.AttachmentID},
		{"team with A's agent", "POST", "/api/v1/teams", func(id string) any { return map[string]any{"name": "T " + id[:4], "member_ids": []string{id}} }, a.AgentIDs["agent"]},
		{"inbox with A's agent", "POST", "/api/v1/inboxes", func(id string) any { return map[string]any{"name": "I", "member_ids": []string{id}} }, a.AgentIDs["agent"]},
		{"team update with A's agent", "PATCH", "/api/v1/teams/" + b.TeamID, func(id string) any { return map[string]any{"member_ids": []string{id}} }, a.AgentIDs["agent"]},
		{"A's label on B's conversation", "PUT", conv + "/labels", func(id string) any { return map[string]any{"labels": []string{id}} }, a.LabelName},
		{"list by A's agent", "GET", "/api/v1/conversations?assignee=ID", nil, a.AgentIDs["agent"]},
		{"list by A's inbox", "GET", "/api/v1/conversations?inbox_id=ID", nil, a.InboxID},
		{"list by A's team", "GET", "/api/v1/conversations?team_id=ID", nil, a.TeamID},
		{"list by A's label", "GET", "/api/v1/conversations?label=ID", nil, a.LabelName},
		{"counts of A's inbox", "GET", "/api/v1/conversations/counts?inbox_id=ID", nil, a.InboxID},
		{"search A's text", "GET", "/api/v1/conversations?q=ID", nil, "Alpha"},
		{"search A's contacts", "GET", "/api/v1/contacts?q=ID", nil, "127.0.0.1"},
	}
	for _, tc := range cases {
		var got, want response
		for i, id := range []string{tc.id, randomUUID} {
			if i == 1 && !strings.Contains(tc.id, "-") {
				id = "nothing-like-this"
			}
			var body any
			if tc.body != nil {
				body = tc.body(id)
			}
			r := s.do(tc.method, strings.ReplaceAll(tc.path, "ID", id), owner, body)
			// Messages may quote the id the caller sent; that tells them nothing new.
			r.Body = bytes.ReplaceAll(r.Body, []byte(id), []byte("ID"))
			if i == 0 {
				got = r
			} else {
				want = r
			}
		}
		if bytes.Contains(got.Body, []byte(a.ID)) || bytes.Contains(got.Body, []byte(a.ConvID)) || bytes.Contains(got.Body, []byte(a.Visitor.ContactID)) {
			t.Errorf("%s: the answer names org A's objects: %s", tc.name, got.Body)
		}
		if tc.method != "GET" && got.Status < 400 {
			t.Errorf("%s: got %d %s, want a refusal", tc.name, got.Status, got.Body)
		}
		if got.Status != want.Status || (got.Status >= 400 && !bytes.Equal(got.Body, want.Body)) {
			t.Errorf("%s: A's object answers %d %s, nothing answers %d %s; want them alike", tc.name, got.Status, got.Body, want.Status, want.Body)
		}
	}
}
