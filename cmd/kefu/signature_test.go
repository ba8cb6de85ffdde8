package main

import (
	"strings"
	"testing"
)

// An agent's signature is theirs to set on their profile, is shown with it, survives other
// profile changes and is limited to 2000 characters.
func TestAgentSignature(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Signature")
	agent := o.Tokens["agent"]
	type me struct {
		Name      string `json:"name"`
		Signature string `json:"signature"`
	}
	getMe := func(token string) me {
		t.Helper()
		var out struct {
			Agent me `json:"agent"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", token, nil).JSON(t, &out)
		return out.Agent
	}
	got := getMe(agent)
	if got.Signature != "" {
		t.Errorf("new agent's signature = %q, want none", got.Signature)
	}
	sig := "王小明\n客户服务部 · Customer care\n+86 10 1234 5678"
	s.mustDo(200, "PATCH", "/api/v1/auth/me", agent, map[string]any{"signature": sig}).JSON(t, &got)
	if got.Signature != sig {
		t.Errorf("PATCH answered signature %q, want %q", got.Signature, sig)
	}
	s.mustDo(200, "PATCH", "/api/v1/auth/me", agent, map[string]any{"name": "Xiaoming"})
	got = getMe(agent)
	if got.Signature != sig || got.Name != "Xiaoming" {
		t.Errorf("after a rename: %+v, want the signature kept", got)
	}
	long := strings.Repeat("签", 2001)
	if r := s.do("PATCH", "/api/v1/auth/me", agent, map[string]any{"signature": long}); r.Status != 422 || !strings.Contains(string(r.Body), "signature") {
		t.Errorf("2001-character signature: %d %s, want 422 naming signature", r.Status, r.Body)
	}
	if r := s.do("PATCH", "/api/v1/auth/me", agent, map[string]any{"signature": "a\x00b"}); r.Status != 422 {
		t.Errorf("signature with NUL: %d %s, want 422", r.Status, r.Body)
	}
	s.mustDo(200, "PATCH", "/api/v1/auth/me", agent, map[string]any{"signature": ""})
	if got = getMe(agent); got.Signature != "" {
		t.Errorf("cleared signature = %q, want none", got.Signature)
	}
	// The signature is the agent's own: the owner's was never set.
	s.mustDo(200, "PATCH", "/api/v1/auth/me", agent, map[string]any{"signature": sig})
	if got = getMe(o.Tokens["owner"]); got.Signature != "" {
		t.Errorf("owner's signature = %q, want none", got.Signature)
	}
}
