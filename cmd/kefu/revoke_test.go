package main

import (
	"errors"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// revokeCase ends or changes the credential victim in org o, as a real user would.
type revokeCase struct {
	name     string
	wantCode int
	// credential returns the credential the connection is opened with.
	credential func(s *testServer, o *org) string
	// revoke acts through REST; victim is the connection's credential.
	revoke func(s *testServer, o *org, victim string)
}

// victimLogin opens a fresh session of o's supervisor, so each case revokes its own session.
func victimLogin(s *testServer, o *org) string {
	return s.mustLogin(emailOf(s, o, "supervisor"), "password-1")
}

// emailOf returns the e-mail of o's agent of role, as the owner sees it.
func emailOf(s *testServer, o *org, role string) string {
	var out struct {
		Agents []struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"agents"`
	}
	s.mustDo(200, "GET", "/api/v1/agents", o.Tokens["owner"], nil).JSON(s.t, &out)
	for _, a := range out.Agents {
		if a.ID == o.AgentIDs[role] {
			return a.Email
		}
	}
	s.t.Fatalf("no %s agent in %+v", role, out)
	return ""
}

// sessionIDOf returns the public id of the session of token, from its own session list.
func sessionIDOf(s *testServer, token string) string {
	var out struct {
		Sessions []struct {
			ID      string `json:"id"`
			Current bool   `json:"current"`
		} `json:"sessions"`
	}
	s.mustDo(200, "GET", "/api/v1/auth/sessions", token, nil).JSON(s.t, &out)
	for _, ss := range out.Sessions {
		if ss.Current {
			return ss.ID
		}
	}
	s.t.Fatalf("no current session in %+v", out)
	return ""
}

func revokeCases() []revokeCase {
	patchVictim := func(body map[string]any) func(*testServer, *org, string) {
		return func(s *testServer, o *org, _ string) {
			s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["supervisor"], o.Tokens["owner"], body)
		}
	}
	return []revokeCase{
		{"logout", 4003, victimLogin, func(s *testServer, _ *org, victim string) {
			s.mustDo(204, "POST", "/api/v1/auth/logout", victim, nil)
		}},
		{"agent disabled", 4003, victimLogin, patchVictim(map[string]any{"disabled": true})},
		{"role changed", 4004, victimLogin, patchVictim(map[string]any{"role": "agent"})},
		{"token revoked", 4003, func(s *testServer, o *org) string {
			var tok struct {
				Token    string `json:"token"`
				APIToken struct {
					ID string `json:"id"`
				} `json:"api_token"`
			}
			s.mustDo(201, "POST", "/api/v1/tokens", o.Tokens["owner"], map[string]any{"name": "bot", "role": "admin"}).JSON(s.t, &tok)
			o.AgentIDs["token:"+tok.Token] = tok.APIToken.ID
			return tok.Token
		}, func(s *testServer, o *org, victim string) {
			s.mustDo(204, "DELETE", "/api/v1/tokens/"+o.AgentIDs["token:"+victim], o.Tokens["owner"], nil)
		}},
		{"password changed", 4003, victimLogin, func(s *testServer, o *org, _ string) {
			s.mustDo(200, "PATCH", "/api/v1/auth/me", o.Tokens["supervisor"], map[string]any{
				"current_password": "password-1", "new_password": "password-2-changed",
			})
		}},
		{"remote sign-out of one session", 4003, victimLogin, func(s *testServer, o *org, victim string) {
			s.mustDo(204, "DELETE", "/api/v1/auth/sessions/"+sessionIDOf(s, victim), o.Tokens["supervisor"], nil)
		}},
		{"remote sign-out of all other sessions", 4003, victimLogin, func(s *testServer, o *org, _ string) {
			s.mustDo(204, "DELETE", "/api/v1/auth/sessions", o.Tokens["supervisor"], nil)
		}},
		{"admin signs the agent out", 4003, victimLogin, func(s *testServer, o *org, _ string) {
			s.mustDo(204, "DELETE", "/api/v1/agents/"+o.AgentIDs["supervisor"]+"/sessions", o.Tokens["admin"], nil)
		}},
	}
}

// TestRevocationClosesOpenConnections: every way a credential ends or changes closes the open
// WebSocket and SSE connections made with it at once, with 4003 (sign in again) or 4004
// (reconnect), and a send made after the revoking request answered is never acked. The
// server's keepalive is the default 30 s, so only the revocation itself can close them in time.
func TestRevocationClosesOpenConnections(t *testing.T) {
	s := MustRunSQLite(t)
	for _, tc := range revokeCases() {
		t.Run(tc.name+"/websocket", func(t *testing.T) { testRevokeWS(t, s.with(t), tc) })
		t.Run(tc.name+"/sse", func(t *testing.T) { testRevokeSSE(t, s.with(t), tc) })
	}
}

func testRevokeWS(t *testing.T, s *testServer, tc revokeCase) {
	o := s.mustSetupOrg("Revoke")
	convID := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hello")
	victim := tc.credential(s, o)
	ws := s.dialWS("/api/v1/ws", map[string]any{"token": victim})
	mustWelcome(t, ws)
	if _, err := wsSendAndAck(ws, "before", convID, "before", "still signed in", 5*time.Second); err != nil {
		t.Fatalf("send before revocation: %v", err)
	}
	st := collectWS(ws)
	tc.revoke(s, o, victim)
	_ = ws.WriteJSON(wsSendFrame("after", convID, "after", "after revocation"))
	select {
	case <-st.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("connection still open 5s after the revocation")
	}
	var ce *websocket.CloseError
	if err := st.readErr(); !errors.As(err, &ce) || ce.Code != tc.wantCode {
		t.Fatalf("connection ended with %v, want close code %d", err, tc.wantCode)
	}
	for _, f := range st.snapshot() {
		if f.str("ref") == "after" {
			t.Fatalf("the send after the revocation was answered: %v", f)
		}
	}
}

func testRevokeSSE(t *testing.T, s *testServer, tc revokeCase) {
	o := s.mustSetupOrg("Revoke")
	victim := tc.credential(s, o)
	st, _ := s.openSSE(victim, "")
	st.waitFrames(t, 5*time.Second, "welcome", func(fs []frame) bool { return len(fs) > 0 })
	tc.revoke(s, o, victim)
	select {
	case <-st.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("stream still open 5s after the revocation")
	}
	fs := st.snapshot()
	last := fs[len(fs)-1]
	if last.str("type") != "reconnect" || int(last["code"].(float64)) != tc.wantCode {
		t.Fatalf("stream ended with %v, want a reconnect frame with code %d", last, tc.wantCode)
	}
	if tc.wantCode == 4003 { // and the credential is refused over REST too
		wantProblem(t, "REST with the revoked credential", s.do("GET", "/api/v1/auth/me", victim, nil), 401, "unauthenticated")
	}
}

// TestRevocationSparesOtherCredentials: a password change ends the other sessions' connections
// but not the connection of the session that changed it, nor one of the agent's API tokens.
func TestRevocationSparesOtherCredentials(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Spare")
	convID := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hello")
	owner := o.Tokens["owner"]
	var tok struct {
		Token string `json:"token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", owner, map[string]any{"name": "bot", "role": "admin"}).JSON(t, &tok)
	other := s.dialWS("/api/v1/ws", map[string]any{"token": s.mustLogin(emailOf(s, o, "owner"), "password-1")})
	mine := s.dialWS("/api/v1/ws", map[string]any{"token": owner})
	bot := s.dialWS("/api/v1/ws", map[string]any{"token": tok.Token})
	for _, c := range []*websocket.Conn{other, mine, bot} {
		mustWelcome(t, c)
	}
	st := collectWS(other)
	s.mustDo(200, "PATCH", "/api/v1/auth/me", owner, map[string]any{"current_password": "password-1", "new_password": "password-2-changed"})
	select {
	case <-st.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("the other session's connection is still open 5s after the password change")
	}
	for i, c := range []*websocket.Conn{mine, bot} {
		if _, err := wsSendAndAck(c, "ref", convID, "kept-"+itoa(int64(i)), "still here", 5*time.Second); err != nil {
			t.Fatalf("connection %d after the password change: %v", i, err)
		}
	}
}

// TestSessionExpiryClosesOpenConnections: a session that expires while its connections are
// open ends them at the next keepalive tick, with 4003, on WebSocket and SSE.
func TestSessionExpiryClosesOpenConnections(t *testing.T) {
	m := &Main{Config: testConfig(t, databases()[0]), Version: "test", SessionTTL: 3 * time.Second, PingInterval: 200 * time.Millisecond}
	s := mustRun(t, m)
	o := s.mustSetupOrg("Expiry")
	victim := victimLogin(s, o)
	ws := s.dialWS("/api/v1/ws", map[string]any{"token": victim})
	mustWelcome(t, ws)
	wst := collectWS(ws)
	sse, _ := s.openSSE(victim, "")
	for name, st := range map[string]*stream{"websocket": wst, "sse": sse} {
		select {
		case <-st.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s still open 10s after a 3s session was signed in", name)
		}
	}
	var ce *websocket.CloseError
	if err := wst.readErr(); !errors.As(err, &ce) || ce.Code != 4003 {
		t.Fatalf("websocket ended with %v, want close code 4003", err)
	}
	fs := sse.snapshot()
	if last := fs[len(fs)-1]; last.str("type") != "reconnect" || last["code"] != float64(4003) {
		t.Fatalf("stream ended with %v, want a reconnect frame with code 4003", last)
	}
}
