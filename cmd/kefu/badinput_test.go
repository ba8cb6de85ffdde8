package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// knownCodes are the stable error codes of internal/kefu/errors.go with their HTTP status.
var knownCodes = map[string]int{
	"invalid_input": 422, "malformed_request": 400, "unauthenticated": 401, "forbidden": 403,
	"not_found": 404, "conflict": 409, "payload_too_large": 413, "unsupported_media_type": 415,
	"rate_limited": 429, "overloaded": 429,
}

// badRequest is one hostile request and what it must get.
type badRequest struct {
	name        string
	method      string
	path        string
	token       string
	contentType string
	body        []byte
	upload      []byte // multipart file content instead of body
	uploadName  string
	want        []string // acceptable codes; nil = any stable 4xx code
}

// send runs r.
func (s *testServer) send(r badRequest) response {
	s.t.Helper()
	if r.upload != nil {
		name := r.uploadName
		if name == "" {
			name = "f.bin"
		}
		return s.upload(r.path, r.token, name, r.upload)
	}
	ct := r.contentType
	if ct == "" && r.body != nil {
		ct = "application/json"
	}
	var body *bytes.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	} else {
		body = bytes.NewReader(nil)
	}
	return s.doRaw(r.method, r.path, r.token, ct, body)
}

// checkProblem asserts resp is a 4xx problem document with a stable code matching its status.
func checkProblem(t testing.TB, name string, resp response, want []string) {
	t.Helper()
	if resp.Status < 400 || resp.Status >= 500 {
		t.Errorf("%s: got status %d (%.300s), want 4xx", name, resp.Status, resp.Body)
		return
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: got content type %q, want application/problem+json", name, ct)
	}
	var p struct {
		Code   string `json:"code"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		t.Errorf("%s: body is not a problem document: %.300s", name, resp.Body)
		return
	}
	status, ok := knownCodes[p.Code]
	if !ok || (status != resp.Status && p.Code != "malformed_request") || p.Status != resp.Status {
		t.Errorf("%s: got status %d with code %q (body status %d), want a stable code of internal/kefu/errors.go matching the status",
			name, resp.Status, p.Code, p.Status)
	}
	if len(want) > 0 && !contains(want, p.Code) {
		t.Errorf("%s: got code %q (%.300s), want one of %v", name, p.Code, resp.Body, want)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// jsonEndpoint is a JSON endpoint of the table with a valid body the cases mutate.
type jsonEndpoint struct {
	name, method, path, token string
	valid                     map[string]any
	emptyOK                   bool // {} is a valid body (a patch of nothing)
}

// Codes the cases expect.
var (
	codeMalformed = []string{"malformed_request"}
	codeInvalid   = []string{"invalid_input"}
	codeBadBody   = []string{"malformed_request", "invalid_input"}
	codeTooLarge  = []string{"payload_too_large"}
	codeLargeOrIn = []string{"payload_too_large", "invalid_input"}
	codeBadID     = []string{"not_found", "invalid_input"}
)

// wrongType returns a value of another JSON type than v.
func wrongType(v any) any {
	switch v.(type) {
	case string:
		return 12345
	case bool:
		return "yes"
	case float64, int, int64:
		return "twelve"
	case []string, []any:
		return "not-a-list"
	case map[string]any, map[string]string:
		return []int{1}
	}
	return map[string]int{"x": 1}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// withField returns a copy of m with key set to v.
func withField(m map[string]any, key string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range m {
		out[k] = x
	}
	out[key] = v
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonCases are the hostile bodies for one endpoint.
func (e jsonEndpoint) cases() []badRequest {
	mk := func(name string, body []byte, want []string) badRequest {
		return badRequest{name: e.name + ": " + name, method: e.method, path: e.path, token: e.token, body: body, want: want}
	}
	valid := mustJSON(e.valid)
	rs := []badRequest{
		mk("malformed JSON", []byte(`{"content": "x",`), codeMalformed),
		mk("trailing garbage", append(append([]byte{}, valid...), []byte(`}{"x":1}`)...), codeMalformed),
		mk("not an object", []byte(`[1,2,3]`), codeBadBody),
		mk("a string", []byte(`"hello"`), codeBadBody),
		mk("unknown field", mustJSON(withField(e.valid, "is_admin", true)), codeInvalid),
		mk("over 1 MiB", mustJSON(withField(e.valid, "padding", strings.Repeat("a", 1<<20+10))), codeTooLarge),
		mk("deeply nested", []byte(strings.Repeat(`{"a":`, 5000)+"1"+strings.Repeat("}", 5000)), codeBadBody),
		mk("wrong content type", valid, nil),
	}
	rs[len(rs)-1].contentType = "text/plain"
	if !e.emptyOK {
		rs = append(rs, mk("missing required fields", []byte(`{}`), codeInvalid), mk("null", []byte(`null`), codeBadBody))
	}
	for _, k := range sortedKeys(e.valid) {
		v := e.valid[k]
		rs = append(rs, mk("wrong type of "+k, mustJSON(withField(e.valid, k, wrongType(v))), codeInvalid))
		switch v.(type) {
		case string:
			rs = append(rs,
				mk("huge "+k, mustJSON(withField(e.valid, k, strings.Repeat("字", 100_000))), codeLargeOrIn),
				mk("invalid UTF-8 in "+k, bytes.Replace(mustJSON(withField(e.valid, k, "MARK")), []byte("MARK"), []byte("a\xff\xfe\xc0b"), 1), codeMalformed),
				mk("NUL in "+k, mustJSON(withField(e.valid, k, "a\x00b")), codeInvalid))
		case int, float64:
			rs = append(rs,
				mk("negative "+k, mustJSON(withField(e.valid, k, -1)), codeInvalid),
				mk("overflowing "+k, []byte(strings.Replace(string(mustJSON(withField(e.valid, k, 7))), "7", "99999999999999999999999", 1)), codeBadBody))
		}
	}
	return rs
}

// pathCases are hostile ids in place of {id} in path.
func pathCases(name, method, path, token string, body any) []badRequest {
	var raw []byte
	if body != nil {
		raw = mustJSON(body)
	}
	var rs []badRequest
	for _, id := range []struct{ name, id string }{
		{"not a UUID", "not-a-uuid"},
		{"SQL", "1'%20OR%20'1'='1"},
		{"SQL 2", "x';DROP%20TABLE%20messages;--"},
		{"path traversal", "..%2f..%2f..%2fetc%2fpasswd"},
		{"dot dot", ".."},
		{"NUL", "%00"},
		{"invalid UTF-8", "%ff%fe"},
		{"upper-case UUID", strings.ToUpper(randomUUID)},
		{"long", strings.Repeat("a", 600)},
	} {
		rs = append(rs, badRequest{
			name: name + ": id " + id.name, method: method, path: strings.Replace(path, "{id}", id.id, 1),
			token: token, body: raw, want: codeBadID,
		})
	}
	return rs
}

// TestBadInput throws a table of hostile requests at representative endpoints: every answer
// is a 4xx problem with a stable code, nothing accepted earlier is lost, and the server keeps
// serving.
func TestBadInput(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := testConfig(t, db)
		cfg.MaxUploadBytes = 256 << 10
		s := MustRunMain(t, cfg)

		t.Run("before setup", func(t *testing.T) { testBadSetup(t, s.with(t)) })
		a := s.mustTenant("Alpha")
		before := s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID+"/messages", a.Tokens["owner"], nil).Body
		visitorBefore := s.mustDo(200, "GET", "/api/v1/widget/conversations/"+a.ConvID+"/messages", a.Visitor.Token, nil).Body
		contactBefore := s.mustDo(200, "GET", "/api/v1/contacts/"+a.Visitor.ContactID, a.Tokens["owner"], nil).Body
		convBefore := s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID, a.Tokens["owner"], nil).Body

		for _, r := range s.badRequests(a) {
			checkProblem(t, r.name, s.send(r), r.want)
		}
		t.Run("uploads", func(t *testing.T) { testBadUploads(t, s.with(t), a, cfg.MaxUploadBytes) })

		if after := s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID+"/messages", a.Tokens["owner"], nil).Body; !bytes.Equal(after, before) {
			t.Errorf("messages changed during the barrage:\nbefore %s\nafter  %s", before, after)
		}
		if after := s.mustDo(200, "GET", "/api/v1/widget/conversations/"+a.ConvID+"/messages", a.Visitor.Token, nil).Body; !bytes.Equal(after, visitorBefore) {
			t.Errorf("visitor's messages changed during the barrage:\nbefore %s\nafter  %s", visitorBefore, after)
		}
		if after := s.mustDo(200, "GET", "/api/v1/contacts/"+a.Visitor.ContactID, a.Tokens["owner"], nil).Body; !bytes.Equal(after, contactBefore) {
			t.Errorf("contact changed during the barrage:\nbefore %s\nafter  %s", contactBefore, after)
		}
		if after := s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID, a.Tokens["owner"], nil).Body; !bytes.Equal(after, convBefore) {
			t.Errorf("conversation changed during the barrage:\nbefore %s\nafter  %s", convBefore, after)
		}
		s.mustDo(200, "GET", "/readyz", "", nil)

		t.Run("script is data", func(t *testing.T) { testScriptIsData(t, s.with(t), a) })
		t.Run("websocket frames", func(t *testing.T) { testBadFrames(t, s.with(t), a) })
	})
}

// testBadSetup: hostile first-run setups are refused and leave the server still to be set up.
func testBadSetup(t *testing.T, s *testServer) {
	setup := jsonEndpoint{"setup", "POST", "/api/v1/setup", "", map[string]any{
		"org_name": "Acme", "name": "Owner", "email": "owner@example.com", "password": "password-1",
	}, false}
	rs := setup.cases()
	for _, tc := range []struct{ name, field, value string }{
		{"bad email", "email", "not an email"},
		{"short password", "password", "short"},
		{"blank org", "org_name", "   "},
	} {
		rs = append(rs, badRequest{name: "setup: " + tc.name, method: "POST", path: "/api/v1/setup",
			body: mustJSON(withField(setup.valid, tc.field, tc.value)), want: codeInvalid})
	}
	for _, r := range rs {
		checkProblem(t, r.name, s.send(r), r.want)
	}
	var st struct {
		NeedsSetup bool `json:"needs_setup"`
	}
	s.mustDo(200, "GET", "/api/v1/setup", "", nil).JSON(t, &st)
	if !st.NeedsSetup {
		t.Errorf("after refused setups: got needs_setup false, want true")
	}
}

// badRequests is the table for a set-up organisation.
func (s *testServer) badRequests(a *tenant) []badRequest {
	owner, agent, visitor := a.Tokens["owner"], a.Tokens["agent"], a.Visitor.Token
	conv := "/api/v1/conversations/" + a.ConvID
	wconv := "/api/v1/widget/conversations/" + a.ConvID
	endpoints := []jsonEndpoint{
		{"login", "POST", "/api/v1/auth/login", "", map[string]any{"email": "nobody@example.com", "password": "password-1"}, false},
		{"setup again", "POST", "/api/v1/setup", "", map[string]any{"org_name": "X", "name": "X", "email": "x@example.com", "password": "password-1"}, false},
		{"widget session", "POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": a.WidgetKey, "visitor_key": "k"}, false},
		{"widget send", "POST", wconv + "/messages", visitor, map[string]any{"content": "hi", "client_msg_id": "bad-1"}, false},
		{"widget read", "POST", wconv + "/read", visitor, map[string]any{"seq": 1}, false},
		{"agent send", "POST", conv + "/messages", agent, map[string]any{"content": "hi", "client_msg_id": "bad-2", "kind": "text"}, false},
		{"assign", "POST", conv + "/assign", owner, map[string]any{"assignee_id": a.AgentIDs["agent"], "note": "n"}, false},
		{"status", "POST", conv + "/status", owner, map[string]any{"status": "pending"}, false},
		{"priority", "POST", conv + "/priority", owner, map[string]any{"priority": "high"}, false},
		{"agent read", "POST", conv + "/read", agent, map[string]any{"seq": 1}, false},
		{"create inbox", "POST", "/api/v1/inboxes", owner, map[string]any{"name": "Shop", "greeting": "Hi"}, false},
		{"create agent", "POST", "/api/v1/agents", owner, map[string]any{"email": "new@example.com", "name": "N", "password": "password-1", "role": "agent", "capacity": 5}, false},
		{"create label", "POST", "/api/v1/labels", owner, map[string]any{"name": "lbl", "color": "#00ff00"}, false},
		{"create team", "POST", "/api/v1/teams", owner, map[string]any{"name": "Team", "description": "d"}, false},
		{"update contact", "PATCH", "/api/v1/contacts/" + a.Visitor.ContactID, owner, map[string]any{"name": "Ann", "phone": "+1 555 0100"}, true},
	}
	var rs []badRequest
	for _, e := range endpoints {
		rs = append(rs, e.cases()...)
	}
	rs = append(rs, s.semanticCases(a)...)
	rs = append(rs, pathCases("get conversation", "GET", "/api/v1/conversations/{id}", owner, nil)...)
	rs = append(rs, pathCases("agent send", "POST", "/api/v1/conversations/{id}/messages", agent, map[string]string{"content": "x"})...)
	rs = append(rs, pathCases("assign", "POST", "/api/v1/conversations/{id}/assign", owner, map[string]string{"assignee_id": ""})...)
	rs = append(rs, pathCases("status", "POST", "/api/v1/conversations/{id}/status", owner, map[string]string{"status": "open"})...)
	rs = append(rs, pathCases("widget send", "POST", "/api/v1/widget/conversations/{id}/messages", visitor, map[string]string{"content": "x"})...)
	rs = append(rs, pathCases("update contact", "PATCH", "/api/v1/contacts/{id}", owner, map[string]string{"name": "x"})...)
	rs = append(rs, pathCases("contact conversations", "GET", "/api/v1/contacts/{id}/conversations", owner, nil)...)
	rs = append(rs, pathCases("update agent", "PATCH", "/api/v1/agents/{id}", owner, map[string]string{"name": "x"})...)
	rs = append(rs, pathCases("delete inbox", "DELETE", "/api/v1/inboxes/{id}", owner, nil)...)
	rs = append(rs, pathCases("download", "GET", "/api/v1/files/{id}", owner, nil)...)
	rs = append(rs, queryCases(owner, conv)...)
	return rs
}

// semanticCases are well-formed bodies with values no endpoint accepts.
func (s *testServer) semanticCases(a *tenant) []badRequest {
	owner, agent, visitor := a.Tokens["owner"], a.Tokens["agent"], a.Visitor.Token
	conv := "/api/v1/conversations/" + a.ConvID
	mk := func(name, method, path, token string, body any, want []string) badRequest {
		return badRequest{name: name, method: method, path: path, token: token, body: mustJSON(body), want: want}
	}
	return []badRequest{
		mk("send: blank content", "POST", conv+"/messages", agent, map[string]string{"content": "  \n "}, codeInvalid),
		mk("send: content over 16 KiB", "POST", conv+"/messages", agent, map[string]string{"content": strings.Repeat("a", 16385)}, codeLargeOrIn),
		mk("send: unknown kind", "POST", conv+"/messages", agent, map[string]string{"content": "x", "kind": "system"}, codeInvalid),
		mk("send: client_msg_id with spaces", "POST", conv+"/messages", agent, map[string]string{"content": "x", "client_msg_id": "a b"}, codeInvalid),
		mk("send: attachment id not a UUID", "POST", conv+"/messages", agent, map[string]any{"content": "x", "attachment_ids": []string{"../../etc"}}, codeInvalid),
		mk("send: someone else's attachment", "POST", conv+"/messages", agent, map[string]any{"attachment_ids": []string{randomUUID}}, codeInvalid),
		mk("send: 11 attachments", "POST", conv+"/messages", agent, map[string]any{"content": "x", "attachment_ids": make([]string, 11)}, codeInvalid),
		mk("widget send: note", "POST", "/api/v1/widget/conversations/"+a.ConvID+"/messages", visitor, map[string]string{"content": "x", "kind": "note"}, codeInvalid),
		mk("read: seq past the end", "POST", conv+"/read", agent, map[string]int{"seq": 1 << 40}, codeInvalid),
		mk("assign: nothing", "POST", conv+"/assign", owner, map[string]any{}, codeInvalid),
		// The hand-over note is written after the assignment: a bad one must stop both.
		mk("assign: blank note", "POST", conv+"/assign", owner, map[string]string{"assignee_id": a.AgentIDs["supervisor"], "note": " \n "}, codeInvalid),
		mk("assign: note over 16 KiB", "POST", conv+"/assign", owner, map[string]string{"assignee_id": a.AgentIDs["supervisor"], "note": strings.Repeat("n", 16385)}, codeLargeOrIn),
		mk("assign: no such agent", "POST", conv+"/assign", owner, map[string]string{"assignee_id": randomUUID}, codeInvalid),
		mk("assign: SQL agent id", "POST", conv+"/assign", owner, map[string]string{"assignee_id": "' OR 1=1 --"}, codeInvalid),
		mk("assign: no such team", "POST", conv+"/assign", owner, map[string]string{"team_id": randomUUID}, codeInvalid),
		mk("status: unknown", "POST", conv+"/status", owner, map[string]string{"status": "deleted"}, codeInvalid),
		mk("status: snoozed in the past", "POST", conv+"/status", owner, map[string]any{"status": "snoozed", "snoozed_until": "2001-01-01T00:00:00Z"}, codeInvalid),
		mk("status: snoozed with a bad time", "POST", conv+"/status", owner, map[string]any{"status": "snoozed", "snoozed_until": "tomorrow"}, codeInvalid),
		mk("labels: unknown label", "PUT", conv+"/labels", owner, map[string]any{"labels": []string{"<script>"}}, codeInvalid),
		mk("labels: 51 labels", "PUT", conv+"/labels", owner, map[string]any{"labels": make([]string, 51)}, codeInvalid),
		mk("create agent: bad email", "POST", "/api/v1/agents", owner, map[string]any{"email": "<script>@x", "name": "N", "password": "password-1", "role": "agent"}, codeInvalid),
		mk("create agent: short password", "POST", "/api/v1/agents", owner, map[string]any{"email": "p@example.com", "name": "N", "password": "1", "role": "agent"}, codeInvalid),
		mk("create agent: unknown role", "POST", "/api/v1/agents", owner, map[string]any{"email": "r@example.com", "name": "N", "password": "password-1", "role": "root"}, codeInvalid),
		mk("create agent: duplicate email", "POST", "/api/v1/agents", owner, map[string]any{"email": s.agentEmail(a), "name": "N", "password": "password-1", "role": "agent"}, []string{"conflict", "invalid_input"}),
		mk("create agent: capacity over max", "POST", "/api/v1/agents", owner, map[string]any{"email": "c@example.com", "name": "N", "password": "password-1", "role": "agent", "capacity": 1_000_000}, codeInvalid),
		mk("create inbox: bad origin", "POST", "/api/v1/inboxes", owner, map[string]any{"name": "S", "allowed_origins": []string{"javascript:alert(1)"}}, codeInvalid),
		mk("create inbox: member of nowhere", "POST", "/api/v1/inboxes", owner, map[string]any{"name": "S", "member_ids": []string{randomUUID}}, codeInvalid),
		mk("create label: bad colour", "POST", "/api/v1/labels", owner, map[string]string{"name": "c", "color": "red"}, codeInvalid),
		mk("create label: duplicate", "POST", "/api/v1/labels", owner, map[string]string{"name": a.LabelName}, []string{"conflict", "invalid_input"}),
		mk("create team: blank name", "POST", "/api/v1/teams", owner, map[string]string{"name": " "}, codeInvalid),
		mk("create token: expired", "POST", "/api/v1/tokens", owner, map[string]any{"name": "t", "role": "agent", "expires_at": "2001-01-01T00:00:00Z"}, codeInvalid),
		mk("update contact: bad email", "PATCH", "/api/v1/contacts/"+a.Visitor.ContactID, owner, map[string]string{"email": "not-an-email"}, codeInvalid),
		mk("update contact: bad phone", "PATCH", "/api/v1/contacts/"+a.Visitor.ContactID, owner, map[string]string{"phone": "<b>call me</b>"}, codeInvalid),
		mk("update contact: 51 attributes", "PATCH", "/api/v1/contacts/"+a.Visitor.ContactID, owner, map[string]any{"attributes": manyAttributes(51)}, codeInvalid),
		mk("update org: bad timezone", "PATCH", "/api/v1/org", owner, map[string]any{"settings": map[string]any{"timezone": "../../etc/localtime"}}, codeInvalid),
		mk("widget session: unknown widget key", "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": "nope"}, []string{"not_found"}),
		// A forged hash is no error where identity is not enforced: see TestWidgetIdentityHash.
		mk("widget session: user id over 128 bytes", "POST", "/api/v1/widget/sessions", "", map[string]any{"widget_key": a.WidgetKey, "user": map[string]string{"id": strings.Repeat("u", 129), "hash": "00"}}, codeInvalid),
		mk("login: wrong password", "POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "wrong-password"}, []string{"unauthenticated", "rate_limited"}),
		{name: "no such endpoint", method: "GET", path: "/api/v1/../../etc/passwd", token: owner, want: []string{"not_found"}},
		{name: "wrong method", method: "DELETE", path: "/api/v1/conversations", token: owner, want: []string{"not_found"}},
	}
}

func manyAttributes(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m["k"+itoa(int64(i))] = "v"
	}
	return m
}

// queryCases are hostile query parameters of the list endpoints.
func queryCases(owner, conv string) []badRequest {
	nulCursor := base64.RawURLEncoding.EncodeToString([]byte(`{"k":1,"id":"\u0000"}`))
	var rs []badRequest
	for _, q := range []string{
		"status=deleted", "status=open,bogus", "limit=0", "limit=-1", "limit=101", "limit=abc", "limit=99999999999999999999",
		"sort=random", "sort=id;DROP%20TABLE%20conversations", "cursor=garbage", "cursor=%27%20OR%201=1%20--",
		"cursor=" + nulCursor, "cursor=" + strings.Repeat("A", 600), "assignee=someone", "assignee=%27%20OR%201=1",
		"team_id=..%2f..%2f", "inbox_id=1%27%3B--", "q=" + strings.Repeat("x", 201), "q=a%00b", "q=%ff%fe",
		"label=%ff", "label=a%00b", "label=" + strings.Repeat("l", 51),
	} {
		rs = append(rs, badRequest{name: "list conversations ?" + q, method: "GET", path: "/api/v1/conversations?" + q, token: owner, want: codeBadBody})
	}
	for _, q := range []string{"q=%ff", "q=a%00b", "limit=0", "limit=-5", "cursor=%%%", "cursor=" + nulCursor} {
		rs = append(rs, badRequest{name: "list contacts ?" + q, method: "GET", path: "/api/v1/contacts?" + q, token: owner, want: codeBadBody})
	}
	for _, q := range []string{"after=-1", "before=-1", "limit=0", "limit=201", "after=abc", "after=1e99", "after=%ff", "limit=%00"} {
		rs = append(rs, badRequest{name: "list messages ?" + q, method: "GET", path: conv + "/messages?" + q, token: owner, want: codeBadBody})
	}
	rs = append(rs, badRequest{name: "counts ?inbox_id=x", method: "GET", path: "/api/v1/conversations/counts?inbox_id=%27x", token: owner, want: codeInvalid})
	return rs
}

// testBadUploads: uploads over the limit, of refused types, or not uploads at all.
func testBadUploads(t *testing.T, s *testServer, a *tenant, limit int64) {
	path := "/api/v1/conversations/" + a.ConvID + "/attachments"
	wpath := "/api/v1/widget/conversations/" + a.ConvID + "/attachments"
	png := func(n int64) []byte {
		return append(append([]byte{}, pngBytes...), make([]byte, n-int64(len(pngBytes)))...)
	}
	agent, visitor := a.Tokens["agent"], a.Visitor.Token
	for _, r := range []badRequest{
		{name: "just over the limit", method: "POST", path: path, token: agent, upload: png(limit + 1), want: codeTooLarge},
		{name: "far over the limit", method: "POST", path: path, token: agent, upload: png(4 * limit), want: codeTooLarge},
		{name: "widget: over the limit", method: "POST", path: wpath, token: visitor, upload: png(limit + 1), want: codeTooLarge},
		{name: "executable", method: "POST", path: path, token: agent, upload: append([]byte("MZ\x90\x00"), make([]byte, 600)...), uploadName: "a.png", want: []string{"unsupported_media_type"}},
		{name: "HTML named as image", method: "POST", path: wpath, token: visitor, upload: []byte("<html><script>alert(1)</script></html>"), uploadName: "cat.png", want: []string{"unsupported_media_type"}},
		{name: "empty file", method: "POST", path: path, token: agent, upload: []byte{}, want: []string{"unsupported_media_type", "invalid_input"}},
		{name: "JSON instead of multipart", method: "POST", path: path, token: agent, body: []byte(`{"file":"x"}`), want: nil},
		{name: "multipart without boundary", method: "POST", path: path, token: agent, contentType: "multipart/form-data", body: []byte("garbage"), want: nil},
		{name: "multipart garbage", method: "POST", path: path, token: agent, contentType: "multipart/form-data; boundary=xyz", body: []byte("--xyz\r\nnot a part"), want: nil},
		{name: "no file field", method: "POST", path: path, token: agent, contentType: "multipart/form-data; boundary=xyz", body: []byte("--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nv\r\n--xyz--\r\n"), want: nil},
	} {
		checkProblem(t, "upload: "+r.name, s.send(r), r.want)
	}
	// A control character in the file name breaks the multipart header: refused, not stored.
	checkProblem(t, "upload: control character in name", s.upload(path, agent, "a\x01.png", pngBytes), nil)
	// A hostile file name is accepted but only its cleaned base name is kept.
	var att struct {
		FileName string `json:"file_name"`
	}
	s.mustUpload(201, path, agent, `..\..\etc/pass"wd<b>.png`, pngBytes).JSON(t, &att)
	if strings.ContainsAny(att.FileName, `/\"`) || !strings.HasPrefix(att.FileName, "passwd") {
		t.Errorf("hostile upload name: stored %q, want the cleaned base name passwd<b>.png", att.FileName)
	}
	// SVG (script inside) sniffs as plain text: accepted as data, and served so that no browser
	// runs it — a text/plain download with nosniff and a sandboxing CSP.
	var svg struct {
		ContentType string `json:"content_type"`
		URL         string `json:"url"`
	}
	s.mustUpload(201, wpath, visitor, "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)).JSON(t, &svg)
	r := s.mustDo(200, "GET", svg.URL, "", nil)
	h := r.Header
	if svg.ContentType != "text/plain" || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("SVG upload: stored as %q, served with %v; want text/plain, an attachment, nosniff and a sandbox CSP", svg.ContentType, h)
	}
}

// script is hostile-looking message text; kefu stores it as given.
const script = `<script>alert("x")</script><img src=x onerror=alert(1)> & 'q'`

// testScriptIsData: HTML in message content is accepted, stored verbatim and sent JSON-escaped
// (\u003cscript\u003e in the raw bytes) to agents and visitors, over REST and realtime.
func testScriptIsData(t *testing.T, s *testServer, a *tenant) {
	var conv struct {
		LastSeq int64 `json:"last_seq"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID, a.Tokens["owner"], nil).JSON(t, &conv)
	agentWS := s.mustWelcome("/api/v1/ws", map[string]any{"token": a.Tokens["owner"]})
	visitorWS := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": a.Visitor.Token, "since": map[string]int64{a.ConvID: conv.LastSeq}})

	raws := map[string][]byte{
		"agent send response":   s.mustDo(201, "POST", "/api/v1/conversations/"+a.ConvID+"/messages", a.Tokens["agent"], map[string]string{"content": script, "client_msg_id": "xss-a"}).Body,
		"visitor send response": s.mustDo(201, "POST", "/api/v1/widget/conversations/"+a.ConvID+"/messages", a.Visitor.Token, map[string]string{"content": script, "client_msg_id": "xss-v"}).Body,
	}
	raws["agent frame"] = readRawUntil(t, agentWS, "message.created", "xss-v")
	raws["visitor frame"] = readRawUntil(t, visitorWS, "message.created", "xss-a")
	raws["websocket ack"] = wsRequest(t, agentWS, map[string]any{"type": "send", "ref": "xss", "conversation_id": a.ConvID, "client_msg_id": "xss-ws", "content": script})
	raws["visitor frame of the websocket send"] = readRawUntil(t, visitorWS, "message.created", "xss-ws")
	raws["agent messages"] = s.mustDo(200, "GET", "/api/v1/conversations/"+a.ConvID+"/messages?after="+itoa(conv.LastSeq), a.Tokens["owner"], nil).Body
	raws["visitor messages"] = s.mustDo(200, "GET", "/api/v1/widget/conversations/"+a.ConvID+"/messages?after="+itoa(conv.LastSeq), a.Visitor.Token, nil).Body
	for name, raw := range raws {
		if bytes.ContainsAny(raw, "<>") || !bytes.Contains(raw, []byte(`\u003cscript\u003e`)) {
			t.Errorf("%s: got %s, want the content with <, > and & escaped as \\u003c, \\u003e, \\u0026", name, raw)
		}
	}
	var got struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(raws["visitor messages"], &got); err != nil || len(got.Messages) != 3 {
		t.Fatalf("visitor messages after the script: got %s, want 3 messages", raws["visitor messages"])
	}
	for _, m := range got.Messages {
		if m.Content != script {
			t.Errorf("stored content: got %q, want it verbatim %q", m.Content, script)
		}
	}
	// Profile fields are data too.
	raw := s.mustDo(200, "PATCH", "/api/v1/contacts/"+a.Visitor.ContactID, a.Tokens["owner"], map[string]string{"name": "<b>Ann</b>"}).Body
	if bytes.ContainsAny(raw, "<>") || !bytes.Contains(raw, []byte(`\u003cb\u003eAnn`)) {
		t.Errorf("contact with an HTML name: got %s, want it escaped", raw)
	}
}

// readRawUntil reads raw frames until one of type typ whose bytes contain marker.
func readRawUntil(t testing.TB, c *websocket.Conn, typ, marker string) []byte {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.SetReadDeadline(deadline)
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for %s with %q: %v", typ, marker, err)
		}
		if bytes.Contains(data, []byte(`"type":"`+typ+`"`)) && bytes.Contains(data, []byte(marker)) {
			return data
		}
	}
}

// testBadFrames: hostile WebSocket frames get an error frame (the connection stays and answers
// a ping) or the documented close code; other connections never notice.
func testBadFrames(t *testing.T, s *testServer, a *tenant) {
	watcher := s.mustWelcome("/api/v1/ws", map[string]any{"token": a.Tokens["supervisor"]})
	id := a.ConvID
	frames := []struct {
		name string
		typ  int
		data string
		want []string
	}{
		{"not JSON", websocket.TextMessage, "hello there", codeMalformed},
		{"truncated", websocket.TextMessage, `{"type":"send","ref":"r1"`, codeMalformed},
		{"array", websocket.TextMessage, `[1,2]`, codeMalformed},
		{"null", websocket.TextMessage, `null`, codeMalformed},
		{"unknown type", websocket.TextMessage, `{"type":"delete_everything","ref":"r2"}`, codeBadBody},
		{"unknown field", websocket.TextMessage, `{"type":"send","ref":"r3","conversation_id":"` + id + `","client_msg_id":"u1","content":"x","admin":true}`, codeBadBody},
		{"duplicate field", websocket.TextMessage, `{"type":"read","conversation_id":"` + id + `","seq":1,"seq":2}`, codeBadBody},
		{"wrong type of seq", websocket.TextMessage, `{"type":"read","conversation_id":"` + id + `","seq":"abc"}`, codeBadBody},
		{"wrong type of content", websocket.TextMessage, `{"type":"send","conversation_id":"` + id + `","client_msg_id":"w1","content":42}`, codeBadBody},
		{"null content", websocket.TextMessage, `{"type":"send","conversation_id":"` + id + `","client_msg_id":"w2","content":null}`, codeBadBody},
		{"negative seq", websocket.TextMessage, `{"type":"read","conversation_id":"` + id + `","seq":-1}`, codeInvalid},
		{"missing client_msg_id", websocket.TextMessage, `{"type":"send","conversation_id":"` + id + `","content":"x"}`, codeInvalid},
		{"SQL conversation id", websocket.TextMessage, `{"type":"send","conversation_id":"' OR 1=1 --","client_msg_id":"s1","content":"x"}`, []string{"not_found", "invalid_input"}},
		{"NUL in content", websocket.TextMessage, `{"type":"send","conversation_id":"` + id + `","client_msg_id":"n1","content":"a\u0000b"}`, codeInvalid},
		{"invalid UTF-8", websocket.TextMessage, "{\"type\":\"send\",\"conversation_id\":\"" + id + "\",\"client_msg_id\":\"i1\",\"content\":\"a\xff\xfeb\"}", codeMalformed},
		{"binary frame", websocket.BinaryMessage, `{"type":"ping","ref":"b"}`, codeMalformed},
		{"second hello", websocket.TextMessage, `{"type":"hello","token":"x"}`, codeBadBody},
		{"deep nesting", websocket.TextMessage, strings.Repeat("[", 30000) + strings.Repeat("]", 30000), codeMalformed},
	}
	for _, path := range []struct{ path, token string }{{"/api/v1/ws", a.Tokens["agent"]}, {"/api/v1/widget/ws", a.Visitor.Token}} {
		c := s.mustWelcome(path.path, map[string]any{"token": path.token})
		for i, f := range frames {
			if err := c.WriteMessage(f.typ, []byte(f.data)); err != nil {
				t.Fatalf("%s %s: write: %v", path.path, f.name, err)
			}
			e := readErrorFrame(c)
			if e == nil {
				t.Fatalf("%s %s: no error frame within 5s", path.path, f.name)
			}
			if !contains(f.want, e.str("code")) {
				t.Errorf("%s %s: got error frame %v, want code in %v", path.path, f.name, e, f.want)
			}
			ref := "alive-" + itoa(int64(i))
			if err := c.WriteJSON(map[string]string{"type": "ping", "ref": ref}); err != nil {
				t.Fatalf("%s after %s: ping: %v", path.path, f.name, err)
			}
			readUntil(t, c, 5*time.Second, func(fr frame) bool { return fr.str("type") == "pong" && fr.str("ref") == ref })
		}
		// Over the frame limit the connection closes with 1009.
		if err := c.WriteMessage(websocket.TextMessage, []byte(`{"type":"send","content":"`+strings.Repeat("a", 65<<10)+`"}`)); err != nil {
			t.Fatalf("%s: write oversize frame: %v", path.path, err)
		}
		if code := closeCode(t, c); code != 1009 {
			t.Errorf("%s oversize frame: got close code %d, want 1009", path.path, code)
		}
	}
	// Nobody else noticed: a new message still reaches the watcher, and the hostile frames
	// stored nothing.
	s.mustDo(201, "POST", "/api/v1/widget/conversations/"+a.ConvID+"/messages", a.Visitor.Token, map[string]string{"content": "still here"})
	f := readUntil(t, watcher, 5*time.Second, func(f frame) bool { return f.str("type") == "message.created" })
	if m, _ := f["message"].(map[string]any); m["content"] != "still here" {
		t.Errorf("watcher's next message: got %v, want \"still here\" (a hostile frame was stored?)", m["content"])
	}
}

// readErrorFrame reads frames until an error frame; nil when none comes within 5s or the
// connection ends.
func readErrorFrame(c *websocket.Conn) frame {
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		var f frame
		if err := c.ReadJSON(&f); err != nil {
			return nil
		}
		if f.str("type") == "error" {
			return f
		}
	}
}

// agentEmail is the email of a's agent, for a duplicate.
func (s *testServer) agentEmail(a *tenant) string {
	s.t.Helper()
	var me struct {
		Agent struct {
			Email string `json:"email"`
		} `json:"agent"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/me", a.Tokens["agent"], nil).JSON(s.t, &me)
	return me.Agent.Email
}
