package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// auditPage is the list endpoint's answer.
type auditPage struct {
	Entries    []kefu.AuditEntry `json:"entries"`
	NextBefore int64             `json:"next_before"`
}

// mustAudit lists the audit log with query q as token.
func (s *testServer) mustAudit(token string, q url.Values) auditPage {
	s.t.Helper()
	var p auditPage
	s.mustDo(200, "GET", "/api/v1/audit?"+q.Encode(), token, nil).JSON(s.t, &p)
	return p
}

// TestAuditLogRecordsAdminChanges: a role change is recorded with who, from where and the
// changed field only; only agents with audit.view read it, and only their organisation's.
func TestAuditLogRecordsAdminChanges(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Acme")
		s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], o.Tokens["admin"], map[string]any{"role": "supervisor"})
		p := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"agent.role_changed"}})
		if len(p.Entries) != 1 {
			t.Fatalf("role changes: got %d entries, want 1", len(p.Entries))
		}
		e := p.Entries[0]
		if e.ActorKind != "agent" || e.ActorID != o.AgentIDs["admin"] || e.TargetType != "agent" || e.TargetID != o.AgentIDs["agent"] {
			t.Errorf("entry names actor %s/%s and target %s/%s, want agent/%s and agent/%s",
				e.ActorKind, e.ActorID, e.TargetType, e.TargetID, o.AgentIDs["admin"], o.AgentIDs["agent"])
		}
		if string(e.Before) != `{"role":"agent"}` || string(e.After) != `{"role":"supervisor"}` {
			t.Errorf("before/after: got %s and %s, want only the role", e.Before, e.After)
		}
		if e.IP != "127.0.0.1" || !strings.HasPrefix(e.UserAgent, "Go-http-client") {
			t.Errorf("source: got ip %q user agent %q", e.IP, e.UserAgent)
		}
		if got := s.do("GET", "/api/v1/audit", o.Tokens["supervisor"], nil); got.Status != 403 || got.Code(t) != "forbidden" {
			t.Errorf("supervisor reading the audit log: got %d %s, want 403 forbidden", got.Status, got.Body)
		}
		other := s.mustSetupOrg("Other")
		if p := s.mustAudit(other.Tokens["owner"], url.Values{"target_id": {o.AgentIDs["agent"]}}); len(p.Entries) != 0 {
			t.Errorf("another organisation's owner sees %d of Acme's entries", len(p.Entries))
		}
	})
}

// TestAuditLogSignIns: a failed sign-in for an existing account is recorded in its
// organisation; failures for unknown emails get one installation entry per address a minute.
func TestAuditLogSignIns(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Acme")
		var me struct {
			Agent struct{ Email string } `json:"agent"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens["agent"], nil).JSON(t, &me)
		s.mustDo(401, "POST", "/api/v1/auth/login", "", map[string]string{"email": me.Agent.Email, "password": "wrong-password"})
		p := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"auth.login_failed"}})
		if len(p.Entries) != 1 || p.Entries[0].TargetID != o.AgentIDs["agent"] || p.Entries[0].ActorKind != "anonymous" {
			t.Errorf("failed sign-in entries: %+v, want one anonymous entry for the agent", p.Entries)
		}
		if p := s.mustAudit(o.Tokens["owner"], url.Values{"action": {"auth.login"}, "target_id": {o.AgentIDs["agent"]}}); len(p.Entries) != 2 {
			t.Errorf("auth.* entries for the agent: got %d, want the sign-in and the failure", len(p.Entries))
		}
		// The sign-in backoff answers some of these 429 before any password check; the rest
		// reach the audit log, which keeps one entry for the address this minute.
		for range 5 {
			r := s.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.com", "password": "wrong-password"})
			if r.Status != 401 && r.Status != 429 {
				t.Fatalf("sign-in with an unknown email: got %d", r.Status)
			}
		}
		raw := openIndependentDB(t, s.Config)
		var n int
		err := raw.db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE org_id = '' AND action = 'auth.login_failed_unknown'`).Scan(&n)
		if err != nil || n != 1 {
			t.Errorf("installation entries for 5 unknown-email failures from one address: got %d (%v), want 1", n, err)
		}
		mustVerifyIntact(t, s)
	})
}

// TestAuditLogPagingAndFilters pages through the log and refuses bad filters with a code.
func TestAuditLogPagingAndFilters(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Acme")
	owner := o.Tokens["owner"]
	first := s.mustAudit(owner, url.Values{"limit": {"3"}})
	if len(first.Entries) != 3 || first.NextBefore != first.Entries[2].Seq {
		t.Fatalf("first page: %d entries, next_before %d", len(first.Entries), first.NextBefore)
	}
	second := s.mustAudit(owner, url.Values{"limit": {"3"}, "before": {itoa(first.NextBefore)}})
	if len(second.Entries) == 0 || second.Entries[0].Seq != first.NextBefore-1 {
		t.Errorf("second page starts at %+v, want seq %d", second.Entries, first.NextBefore-1)
	}
	if p := s.mustAudit(owner, url.Values{"from": {"2999-01-01T00:00:00Z"}}); len(p.Entries) != 0 {
		t.Errorf("entries from the year 2999: %d", len(p.Entries))
	}
	for _, q := range []string{"action=a%01b", "from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z", "limit=1000", "from=yesterday"} {
		if r := s.do("GET", "/api/v1/audit?"+q, owner, nil); r.Status != 422 && r.Status != 400 {
			t.Errorf("GET /api/v1/audit?%s: got %d %.200s, want a 4xx problem", q, r.Status, r.Body)
		}
	}
}

// TestAuditLogExport downloads the log as CSV and JSON Lines; each export is itself recorded,
// and the JSON Lines file verifies offline with audit.Seal.
func TestAuditLogExport(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Acme")
	owner := o.Tokens["owner"]
	csvOut := s.mustDo(200, "POST", "/api/v1/audit/export", owner, map[string]string{"format": "csv"})
	if !bytes.HasPrefix(csvOut.Body, []byte("\uFEFFseq,at,actor_kind,")) || !bytes.Contains(csvOut.Body, []byte("agent.created")) {
		t.Errorf("csv export: %.200s", csvOut.Body)
	}
	if ct := csvOut.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("csv content type %q", ct)
	}
	jl := s.mustDo(200, "POST", "/api/v1/audit/export", owner, map[string]string{"format": "jsonl"})
	prev, lines := "", 0
	sc := bufio.NewScanner(bytes.NewReader(jl.Body))
	for sc.Scan() {
		var e kefu.AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("jsonl line %d: %v", lines+1, err)
		}
		lines++
		if e.Seq != int64(lines) || e.PrevHash != prev || audit.Seal(&e) != e.Hash {
			t.Fatalf("exported entry %d does not verify: %s", lines, sc.Bytes())
		}
		prev = e.Hash
	}
	if lines < 5 {
		t.Errorf("jsonl export: %d lines", lines)
	}
	p := s.mustAudit(owner, url.Values{"action": {"audit.exported"}})
	if len(p.Entries) != 2 {
		t.Fatalf("audit.exported entries: got %d, want 2", len(p.Entries))
	}
	if got := string(p.Entries[0].After); got != `{"format":"jsonl"}` {
		t.Errorf("the newest audit.exported entry says %s, want the jsonl export", got)
	}
	only := s.mustDo(200, "POST", "/api/v1/audit/export", owner, map[string]string{"format": "jsonl", "action": "audit."}).Body
	if n := bytes.Count(only, []byte("\n")); n != 3 || bytes.Count(only, []byte(`"action":"audit.exported"`)) != 3 {
		t.Errorf("export filtered to audit.*: %d lines, want the 3 exports so far:\n%s", n, only)
	}
	if r := s.do("POST", "/api/v1/audit/export", o.Tokens["agent"], map[string]string{"format": "csv"}); r.Status != 403 {
		t.Errorf("agent exporting: got %d, want 403", r.Status)
	}
	if r := s.do("POST", "/api/v1/audit/export", owner, map[string]string{"format": "xml"}); r.Status != 422 {
		t.Errorf("export as xml: got %d, want 422", r.Status)
	}
}

// TestAuditLogKeepsSecretsOut: entries about tokens and agents never carry the token secret or
// the password.
func TestAuditLogKeepsSecretsOut(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Acme")
	var created struct {
		Token    string `json:"token"`
		APIToken struct {
			ID string `json:"id"`
		} `json:"api_token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", o.Tokens["owner"], map[string]any{"name": "ci", "role": "agent"}).JSON(t, &created)
	s.mustDo(204, "DELETE", "/api/v1/tokens/"+created.APIToken.ID, o.Tokens["owner"], nil)
	all := s.mustDo(200, "POST", "/api/v1/audit/export", o.Tokens["owner"], map[string]string{"format": "jsonl"}).Body
	for _, secret := range []string{created.Token, "password-1"} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("the audit log holds a secret %q", secret)
		}
	}
	for _, action := range []string{"token.created", "token.revoked"} {
		if !bytes.Contains(all, []byte(`"action":"`+action+`"`)) {
			t.Errorf("no %s entry", action)
		}
	}
}

// TestAuditEntryCommitsWithItsChange: the entry is written in the change's own transaction, so
// a change that fails leaves no entry, and a change whose entry cannot be written is refused.
func TestAuditEntryCommitsWithItsChange(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Acme")
		owner := o.Tokens["owner"]
		s.mustDo(201, "POST", "/api/v1/labels", owner, map[string]any{"name": "vip"})
		s.mustDo(409, "POST", "/api/v1/labels", owner, map[string]any{"name": "vip"})
		if p := s.mustAudit(owner, url.Values{"action": {"label.created"}}); len(p.Entries) != 1 {
			t.Errorf("label.created entries after one label and one refused duplicate: got %d, want 1", len(p.Entries))
		}
		// Someone deleted the chain's head: the next entry cannot take its place, and so the
		// change it records must not happen either.
		openWritableDB(t, s).mustExec(t, 1, `DELETE FROM audit_heads WHERE org_id = ?`, o.ID)
		if r := s.do("PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], owner, map[string]any{"role": "admin"}); r.Status != 500 {
			t.Errorf("role change whose entry cannot be written: got %d, want 500", r.Status)
		}
		var me struct {
			Agent struct {
				Role string `json:"role"`
			} `json:"agent"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", o.Tokens["agent"], nil).JSON(t, &me)
		if me.Agent.Role != "agent" {
			t.Errorf("role after the refused change: got %q, want agent", me.Agent.Role)
		}
	})
}
