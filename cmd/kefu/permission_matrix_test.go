package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// permRow is what one operation of the route table needs of an agent caller.
type permRow struct {
	perm string // the catalogue permission; "" = any agent; "-" = not an agent operation
	body any    // a request body that passes validation
}

// permissionRows has one row per operation of the route table (internal/httpapi/api.go). The
// test reads the operations from the served OpenAPI document, so a new endpoint without a row
// here fails it.
func permissionRows() map[string]permRow {
	send := map[string]string{"content": "matrix", "kind": "note"}
	return map[string]permRow{
		"setup-status": {"-", nil}, "setup": {"-", nil}, "login": {"-", nil}, "logout": {"-", nil},
		"session-status": {"-", nil},
		"me":             {"", nil}, "update-me": {"", map[string]string{"name": "Me"}},
		"list-conversations": {"", nil}, "conversation-counts": {"", nil}, "get-conversation": {"", nil},
		"list-messages": {"", nil}, "send-message": {"conversations.reply", send},
		"assign-conversation":    {"conversations.assign", map[string]any{"team_id": ""}},
		"set-status":             {"conversations.reply", map[string]string{"status": "open"}},
		"set-priority":           {"conversations.reply", map[string]string{"priority": "high"}},
		"set-labels":             {"conversations.reply", map[string]any{"labels": []string{}}},
		"set-routing-attributes": {"conversations.reply", map[string]any{"inquiry_type": "退款"}},
		"get-routing-decisions":  {"", nil},
		"get-conversation-bot":   {"", nil},
		"mark-read":              {"", map[string]int{"seq": 0}},
		"typing":                 {"conversations.reply", map[string]bool{"typing": false}},
		"upload-attachment":      {"conversations.reply", nil},
		"list-contacts":          {"contacts.view", nil}, "get-contact": {"contacts.view", nil},
		"update-contact":        {"contacts.edit", map[string]string{"name": "Matrix"}},
		"contact-conversations": {"", nil}, "download-file": {"-", nil},
		// Merging: merge and unmerge edit contacts (to a missing other contact or merge, so the
		// fixture stays whole; contact_merge_test.go merges for real), listing them is viewing.
		"merge-contact":             {"contacts.edit", map[string]string{"other_id": randomUUID}},
		"unmerge-contact":           {"contacts.edit", map[string]string{"merge_id": randomUUID}},
		"dismiss-merge-suggestion":  {"contacts.edit", map[string]string{"other_id": randomUUID}},
		"contact-merges":            {"contacts.view", nil},
		"contact-merge-suggestions": {"contacts.view", nil},
		"get-org":                   {"", nil}, "update-org": {"settings.manage", map[string]string{"name": "Matrix org"}},
		"list-agents": {"", nil}, "create-agent": {"agents.manage", map[string]string{"email": "m@example.com", "name": "M", "password": "password-1", "role": "agent"}},
		"update-agent": {"agents.manage", map[string]any{"capacity": 5}},
		"list-teams":   {"", nil}, "create-team": {"teams.manage", map[string]string{"name": "matrix"}},
		"update-team": {"teams.manage", map[string]string{"description": "matrix"}}, "delete-team": {"teams.manage", nil},
		"list-inboxes": {"", nil}, "create-inbox": {"inboxes.manage", map[string]string{"name": "matrix"}}, "get-inbox": {"", nil},
		"update-inbox": {"inboxes.manage", map[string]string{"greeting": "hi"}}, "delete-inbox": {"inboxes.manage", nil},
		"inbox-secret": {"inboxes.manage", nil},
		"list-labels":  {"", nil}, "create-label": {"labels.manage", map[string]string{"name": "matrix"}},
		"update-label": {"labels.manage", map[string]string{"description": "matrix"}}, "delete-label": {"labels.manage", nil},
		"list-canned": {"", nil}, "create-canned": {"canned.manage", map[string]string{"shortcut": "m", "content": "x", "scope": "shared"}},
		"update-canned": {"canned.manage", map[string]string{"content": "matrix"}}, "delete-canned": {"canned.manage", nil},
		"list-permissions": {"", nil}, "list-roles": {"roles.manage", nil}, "create-role": {"roles.manage", map[string]any{"name": "matrix", "permissions": []string{}}},
		"update-role": {"roles.manage", map[string]string{"description": "matrix"}}, "delete-role": {"roles.manage", nil},
		"list-tokens": {"tokens.manage", nil}, "create-token": {"tokens.manage", map[string]string{"name": "matrix", "role": "agent"}}, "revoke-token": {"tokens.manage", nil},
		"widget-config": {"-", nil}, "widget-session": {"-", nil}, "widget-contact": {"-", nil},
		"widget-conversations": {"-", nil}, "widget-start": {"-", nil}, "widget-messages": {"-", nil},
		"widget-send": {"-", nil}, "widget-read": {"-", nil}, "widget-typing": {"-", nil},
		"widget-queue": {"-", nil}, "widget-rating": {"-", nil}, "widget-bot-feedback": {"-", nil}, "widget-bot-handoff": {"-", nil}, "widget-upload": {"-", nil}, "widget-download": {"-", nil},
		// A caller's own sessions need a session, not a token (TestSessionList covers them).
		"list-sessions": {"-", nil}, "end-session": {"-", nil}, "end-other-sessions": {"-", nil},
		"end-agent-sessions": {"agents.manage", nil},
		"list-audit":         {"audit.view", nil}, "export-audit": {"audit.view", map[string]string{"format": "csv"}},
		"reveal-message": {"pii.reveal", nil}, "reveal-contact": {"pii.reveal", nil},
		"retry-delivery":   {"conversations.reply", nil},
		"email-original":   {"", nil},
		"get-pii-patterns": {"", nil}, "set-pii-patterns": {"settings.manage", map[string]any{"patterns": []any{}}},
		"list-webhooks":  {"webhooks.manage", nil},
		"create-webhook": {"webhooks.manage", map[string]any{"url": "http://127.0.0.1:9/matrix", "events": []string{"conversation.resolved"}}},
		"update-webhook": {"webhooks.manage", map[string]any{"enabled": false}}, "delete-webhook": {"webhooks.manage", nil},
		"webhook-deliveries": {"webhooks.manage", nil}, "resend-delivery": {"webhooks.manage", nil},
		"ping-webhook": {"webhooks.manage", nil},
		"list-jobs":    {"jobs.view", nil}, "retry-job": {"jobs.view", nil},
		"get-inbox-retention":   {"inboxes.manage", nil},
		"set-inbox-retention":   {"settings.manage", map[string]any{"mode": "off", "days": 0}},
		"get-contact-privacy":   {"contacts.view", nil},
		"set-contact-hold":      {"security.manage", map[string]bool{"hold": false}},
		"get-conversation-hold": {"security.manage", nil},
		"set-conversation-hold": {"security.manage", map[string]bool{"hold": false}},
		"export-contact":        {"contacts.export", nil},
		"erase-contact":         {"contacts.erase", map[string]string{"confirm": "erase"}},
		// Two-factor enrolment is the signed-in agent's own and needs a session (twofactor_test.go);
		// the second step and SSO are steps of signing in.
		"two-factor": {"-", nil}, "begin-totp": {"-", nil}, "confirm-totp": {"-", nil},
		"disable-totp": {"-", nil}, "regenerate-recovery-codes": {"-", nil},
		"login-second-step": {"-", nil}, "sso-providers": {"-", nil}, "sso-start": {"-", nil}, "sso-callback": {"-", nil},
		"reset-agent-2fa": {"agents.manage", nil},
		"get-sso":         {"security.manage", nil}, "delete-sso": {"security.manage", nil},
		"put-sso": {"security.manage", map[string]any{"name": "Matrix", "issuer": "http://127.0.0.1:9/matrix",
			"client_id": "matrix", "client_secret": "matrix", "enabled": false}},
		"test-pii": {"settings.manage", map[string]string{"text": "13800138000"}},
		// Invitations: managing them is agents.manage; looking one up and accepting it are
		// public, the link's secret being the credential (invite_test.go).
		"list-invitations":   {"agents.manage", nil},
		"create-invitation":  {"agents.manage", map[string]string{"email": "matrix-invitee@example.com", "role": "agent"}},
		"reissue-invitation": {"agents.manage", nil}, "revoke-invitation": {"agents.manage", nil},
		"invitation-lookup": {"-", nil}, "invitation-accept": {"-", nil},
		// Live visitors: seeing them is seeing contacts; inviting one is replying (visitors_test.go).
		"list-visitors":      {"contacts.view", nil},
		"start-visitor-chat": {"conversations.reply", map[string]string{"inbox_id": randomUUID, "client_msg_id": "matrix", "content": "matrix"}},
		"widget-page-view":   {"-", nil},
		// Routing rules: supervisors read them (conversations.assign; settings.manage reads too),
		// administrators change them (routing_rules_test.go covers both permissions).
		"list-routing-rules":    {"conversations.assign", nil},
		"create-routing-rule":   {"settings.manage", map[string]any{"name": "matrix", "target": map[string]string{"policy": "manual"}}},
		"update-routing-rule":   {"settings.manage", map[string]string{"name": "matrix"}},
		"delete-routing-rule":   {"settings.manage", nil},
		"reorder-routing-rules": {"settings.manage", map[string]any{"ids": []string{}}},
		// The board takes either of two permissions (conversations.assign or reports.view), which a
		// row cannot say: TestRoutingBoardPermissions covers it.
		"routing-board": {"-", nil},
		// The API channel: posting is public, the inbox's signature the credential
		// (apichannel_test.go); rotating its secret is managing the inbox.
		"api-channel-message": {"-", nil}, "rotate-api-secret": {"inboxes.manage", nil},
		// The knowledge base: every agent reads published articles, kb.manage writes
		// (kb_test.go covers drafts, import and export).
		"list-articles": {"", nil}, "get-article": {"", nil}, "search-kb": {"", nil}, "kb-categories": {"", nil},
		"create-article": {"kb.manage", map[string]any{"title": "Matrix", "body": "matrix", "locale": "en"}},
		"update-article": {"kb.manage", map[string]string{"title": "Matrix"}}, "delete-article": {"kb.manage", nil},
		"preview-article": {"kb.manage", map[string]string{"body": "**matrix**"}},
		"import-kb":       {"-", nil}, "export-kb": {"kb.manage", nil},
		"list-kb-synonyms": {"", nil}, "delete-kb-synonyms": {"kb.manage", nil},
		"create-kb-synonyms": {"kb.manage", map[string]any{"terms": []string{"matrix", "grid"}}},
		"update-kb-synonyms": {"kb.manage", map[string]any{"terms": []string{"matrix", "grid"}}},
		// The bot's administration (bot_manage_test.go, bot_llm_test.go): figures are reports,
		// unanswered questions the knowledge base's, the language model a setting. Assist is
		// for whoever sees the conversation (assist_test.go).
		"bot-metrics": {"reports.view", nil}, "list-bot-unanswered": {"kb.manage", nil},
		"add-bot-unanswered":     {"kb.manage", map[string]string{"article_id": "matrix"}},
		"dismiss-bot-unanswered": {"kb.manage", nil},
		"get-bot-llm":            {"settings.manage", nil},
		"put-bot-llm":            {"settings.manage", map[string]any{"enabled": false, "base_url": "", "model": "", "embedding_model": ""}},
		"test-bot-llm":           {"settings.manage", nil},
		"conversation-assist":    {"", nil},
	}
}

// matrixOp is one operation read from the OpenAPI document.
type matrixOp struct{ id, method, path string }

// openAPIOps lists the operations the server documents.
func openAPIOps(t *testing.T, s *testServer) []matrixOp {
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(s.mustDo(200, "GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []matrixOp
	for path, methods := range doc.Paths {
		for method, o := range methods {
			ops = append(ops, matrixOp{o.OperationID, strings.ToUpper(method), path})
		}
	}
	slices.SortFunc(ops, func(a, b matrixOp) int { return strings.Compare(a.id, b.id) })
	return ops
}

// TestPermissionMatrix calls every agent operation of the route table as every built-in role
// and a narrow custom role, with team scoping off and on: a caller lacking the operation's
// permission never succeeds and gets forbidden; a holder is never refused for lack of it.
// Deletions go to a missing id so no caller destroys the fixture; creations that repeat get
// conflicts, which are not refusals.
func TestPermissionMatrix(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustTenant("Matrix")
		rows, ops := permissionRows(), openAPIOps(t, s)
		for _, o := range ops {
			if _, ok := rows[o.id]; !ok {
				t.Errorf("operation %s %s (%s) has no row in permissionRows", o.method, o.path, o.id)
			}
		}
		callers := matrixCallers(t, s, a)
		for _, scoping := range []bool{false, true} {
			setScoping(t, s, a.Tokens["owner"], scoping)
			for _, o := range ops {
				row := rows[o.id]
				if row.perm == "-" {
					continue
				}
				for _, c := range callers {
					checkMatrixCell(t, s, a, o, row, c, scoping)
				}
			}
			for _, c := range callers {
				checkRealtimeActions(t, s, a, c, scoping)
			}
		}
	})
}

// realtimeActions are the agent socket's actions and the permission each needs ("" = any
// agent who sees the conversation).
var realtimeActions = []struct {
	perm  string
	frame map[string]any
}{
	{"conversations.reply", map[string]any{"type": "send", "content": "matrix", "kind": "note", "client_msg_id": randomUUID}},
	{"conversations.reply", map[string]any{"type": "typing", "typing": false}},
	{"", map[string]any{"type": "read", "seq": 0}},
}

// checkRealtimeActions sends every agent socket action as c: the same rule as REST.
func checkRealtimeActions(t *testing.T, s *testServer, a *tenant, c matrixCaller, scoping bool) {
	t.Helper()
	conn := s.mustWelcome("/api/v1/ws", map[string]any{"token": c.token})
	defer conn.Close()
	for i, act := range realtimeActions {
		f := map[string]any{"ref": "m" + itoa(int64(i)), "conversation_id": a.OtherConvID}
		for k, v := range act.frame {
			f[k] = v
		}
		holds := act.perm == "" || slices.Contains(c.perms, act.perm)
		if holds && act.frame["type"] == "typing" {
			continue // an accepted typing signal has no reply to wait for; only refusals answer
		}
		var reply struct{ Type, Code string }
		raw := wsRequest(t, conn, f)
		if err := json.Unmarshal(raw, &reply); err != nil {
			t.Fatalf("decode %s: %v", raw, err)
		}
		where := "realtime " + act.frame["type"].(string) + " as " + c.name
		if scoping {
			where += " (team scoping on)"
		}
		switch {
		case !holds && (reply.Type != "error" || reply.Code != "forbidden" && reply.Code != "not_found"):
			t.Errorf("%s: lacks %s, got %s, want an error frame forbidden (or not_found out of sight)", where, act.perm, raw)
		case holds && (reply.Code == "forbidden" || reply.Code == "malformed_request"):
			t.Errorf("%s: holds %q but was refused: %s", where, act.perm, raw)
		}
	}
}

// matrixCaller is a signed-in agent and what they may do.
type matrixCaller struct {
	name, token string
	perms       []string
}

// matrixCallers are the four built-in roles and an agent of a custom role that may read but
// not reply or manage anything.
func matrixCallers(t *testing.T, s *testServer, a *tenant) []matrixCaller {
	var role struct {
		ID string `json:"id"`
	}
	s.mustDo(201, "POST", "/api/v1/roles", a.Tokens["owner"], map[string]any{"name": "Reader",
		"permissions": []string{"conversations.view_all", "contacts.view"}}).JSON(t, &role)
	s.mustDo(201, "POST", "/api/v1/agents", a.Tokens["owner"], map[string]any{"email": "reader@example.com",
		"name": "Reader", "password": "password-1", "role": "custom", "custom_role_id": role.ID})
	tokens := map[string]string{"reader": s.mustLogin("reader@example.com", "password-1")}
	for _, r := range []string{"owner", "admin", "supervisor", "agent"} {
		tokens[r] = a.Tokens[r]
	}
	var callers []matrixCaller
	for _, name := range []string{"owner", "admin", "supervisor", "agent", "reader"} {
		var me struct {
			Permissions []string `json:"permissions"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", tokens[name], nil).JSON(t, &me)
		callers = append(callers, matrixCaller{name, tokens[name], me.Permissions})
	}
	return callers
}

// checkMatrixCell makes one call and judges it against the caller's permissions.
func checkMatrixCell(t *testing.T, s *testServer, a *tenant, o matrixOp, row permRow, c matrixCaller, scoping bool) {
	t.Helper()
	path := strings.ReplaceAll(o.path, "{id}", matrixID(a, o))
	var r response
	if o.id == "upload-attachment" {
		r = s.upload(path, c.token, "m.png", pngBytes)
	} else {
		r = s.do(o.method, path, c.token, row.body)
	}
	holds := row.perm == "" || slices.Contains(c.perms, row.perm)
	where := o.id + " as " + c.name
	if scoping {
		where += " (team scoping on)"
	}
	switch {
	case !holds && r.Status < 400:
		t.Errorf("%s: lacks %s but got %d %s", where, row.perm, r.Status, r.Body)
	case !holds && r.Status != http.StatusForbidden && r.Status != http.StatusNotFound:
		t.Errorf("%s: lacks %s, got %d %s, want forbidden (or not found for an object out of sight)", where, row.perm, r.Status, r.Body)
	case holds && r.Status == http.StatusForbidden:
		t.Errorf("%s: holds %q but was refused: %s", where, row.perm, r.Body)
	case holds && r.Status >= 500:
		t.Errorf("%s: got %d %s", where, r.Status, r.Body)
	}
}

// matrixID is the fixture object an operation's {id} names; deletions and erasure get a missing
// id so that no caller destroys the fixture.
func matrixID(a *tenant, o matrixOp) string {
	if o.method == "DELETE" || o.id == "erase-contact" {
		return randomUUID
	}
	switch {
	case strings.HasPrefix(o.path, "/api/v1/conversations/"):
		return a.OtherConvID
	case strings.HasPrefix(o.path, "/api/v1/contacts/"):
		return a.Other.ContactID
	case strings.HasPrefix(o.path, "/api/v1/agents/"):
		return a.AgentIDs["agent"]
	case strings.HasPrefix(o.path, "/api/v1/teams/"):
		return a.TeamID
	case strings.HasPrefix(o.path, "/api/v1/inboxes/"):
		return a.InboxID
	case strings.HasPrefix(o.path, "/api/v1/labels/"):
		return a.LabelID
	case strings.HasPrefix(o.path, "/api/v1/canned-replies/"):
		return a.CannedID
	case strings.HasPrefix(o.path, "/api/v1/roles/"):
		return a.RoleID
	}
	return randomUUID
}
