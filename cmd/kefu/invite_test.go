package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// issuedInvitation is the answer to creating or re-issuing an invitation.
type issuedInvitation struct {
	Invitation struct {
		ID     string `json:"id"`
		Email  string `json:"email"`
		Role   string `json:"role"`
		Status string `json:"status"`
	} `json:"invitation"`
	Token string `json:"token"`
	URL   string `json:"url"`
}

// mustInvite invites email with role as the holder of token.
func (s *testServer) mustInvite(token, email, role string) issuedInvitation {
	s.t.Helper()
	var inv issuedInvitation
	s.mustDo(201, "POST", "/api/v1/invitations", token, map[string]string{"email": email, "name": "Invitee", "role": role}).JSON(s.t, &inv)
	if !strings.HasPrefix(inv.Token, "kfi_") || inv.Invitation.Status != "pending" {
		s.t.Fatalf("invitation answer %+v: want a kfi_ token and status pending", inv)
	}
	return inv
}

// accept posts the invitee's form.
func (s *testServer) accept(token, name, password string) response {
	s.t.Helper()
	return s.do("POST", "/api/v1/auth/invitation/accept", "", map[string]string{"token": token, "name": name, "password": password})
}

// TestInvitationAcceptSignsIn: an admin invites, the invitee sees the organisation, chooses a
// name and password and is signed in with the invited role; the password then signs in too,
// the link cannot be used again and the invitation lists as accepted.
func TestInvitationAcceptSignsIn(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustSetupOrg("Invite")
		inv := s.mustInvite(a.Tokens["admin"], "New.Agent@Example.com", "supervisor")

		var look struct {
			OrgName string `json:"org_name"`
			Email   string `json:"email"`
		}
		s.mustDo(200, "POST", "/api/v1/auth/invitation", "", map[string]string{"token": inv.Token}).JSON(t, &look)
		if look.OrgName != "Invite" || look.Email != "new.agent@example.com" {
			t.Errorf("lookup = %+v, want org Invite and the e-mail lower-cased", look)
		}
		wantProblem(t, "weak password", s.accept(inv.Token, "Nova", "short"), 422, "invalid_input")
		wantProblem(t, "common password", s.accept(inv.Token, "Nova", "password123"), 422, "invalid_input")

		r := s.accept(inv.Token, "Nova", "a long fine password")
		if r.Status != 200 {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		var signed struct {
			Token string `json:"token"`
			Agent struct {
				Name, Email, Role string
			} `json:"agent"`
		}
		r.JSON(t, &signed)
		if signed.Agent.Role != "supervisor" || signed.Agent.Name != "Nova" || !strings.Contains(r.Header.Get("Set-Cookie"), "kefu_session=") {
			t.Errorf("accept answer %s (cookie %q): want the supervisor Nova with a session cookie", r.Body, r.Header.Get("Set-Cookie"))
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", signed.Token, nil)
		s.mustLogin("new.agent@example.com", "a long fine password")

		wantProblem(t, "second accept", s.accept(inv.Token, "Nova", "a long fine password"), 410, "invitation_used")
		wantProblem(t, "lookup after use", s.do("POST", "/api/v1/auth/invitation", "", map[string]string{"token": inv.Token}), 410, "invitation_used")
		if st := invitationStatus(t, s, a.Tokens["owner"], inv.Invitation.ID); st != "accepted" {
			t.Errorf("status after accept = %q, want accepted", st)
		}
		wantProblem(t, "revoke accepted", s.do("DELETE", "/api/v1/invitations/"+inv.Invitation.ID, a.Tokens["owner"], nil), 409, "conflict")
		wantAuditActions(t, s, a.Tokens["owner"], "invitation.created", "invitation.accepted")
	})
}

// invitationStatus returns the listed status of invitation id.
func invitationStatus(t *testing.T, s *testServer, token, id string) string {
	t.Helper()
	var list struct {
		Invitations []struct{ ID, Status string } `json:"invitations"`
	}
	s.mustDo(200, "GET", "/api/v1/invitations", token, nil).JSON(t, &list)
	for _, i := range list.Invitations {
		if i.ID == id {
			return i.Status
		}
	}
	t.Fatalf("invitation %s not listed", id)
	return ""
}

// wantAuditActions fails unless the organisation's audit log has an entry of every action.
func wantAuditActions(t *testing.T, s *testServer, token string, actions ...string) {
	t.Helper()
	body := string(s.mustDo(200, "GET", "/api/v1/audit?limit=200", token, nil).Body)
	for _, a := range actions {
		if !strings.Contains(body, `"action":"`+a+`"`) {
			t.Errorf("audit log has no %s entry", a)
		}
	}
}

// TestInvitationRevokeAndReissue: a revoked link answers invitation_revoked; re-issuing makes
// a new link and the old one stops working at once.
func TestInvitationRevokeAndReissue(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustSetupOrg("Revoke")
		owner := a.Tokens["owner"]
		inv := s.mustInvite(owner, "revoked@example.com", "agent")
		s.mustDo(204, "DELETE", "/api/v1/invitations/"+inv.Invitation.ID, owner, nil)
		wantProblem(t, "accept revoked", s.accept(inv.Token, "R", "a long fine password"), 410, "invitation_revoked")
		if st := invitationStatus(t, s, owner, inv.Invitation.ID); st != "revoked" {
			t.Errorf("status after revoke = %q, want revoked", st)
		}

		var again issuedInvitation
		s.mustDo(200, "POST", "/api/v1/invitations/"+inv.Invitation.ID+"/reissue", owner, nil).JSON(t, &again)
		if again.Token == inv.Token || again.Invitation.Status != "pending" {
			t.Fatalf("reissue = %+v: want a new token, pending again", again)
		}
		wantProblem(t, "old link after reissue", s.accept(inv.Token, "R", "a long fine password"), 404, "not_found")
		s.mustDo(200, "POST", "/api/v1/auth/invitation/accept", "", map[string]string{"token": again.Token, "name": "R", "password": "a long fine password"})
		wantAuditActions(t, s, owner, "invitation.revoked", "invitation.reissued", "invitation.accepted")
	})
}

// TestInvitationRefusals: an e-mail that already has an agent or a pending invitation
// conflicts, nobody invites to a role with permissions they lack, an agent invites nobody, and
// a link kefu never issued is not found, whatever its shape.
func TestInvitationRefusals(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		a := s.mustSetupOrg("Refuse")
		owner, admin := a.Tokens["owner"], a.Tokens["admin"]
		var me struct {
			Agent struct{ Email string } `json:"agent"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", a.Tokens["agent"], nil).JSON(t, &me)
		invite := func(token, email, role string) response {
			return s.do("POST", "/api/v1/invitations", token, map[string]string{"email": email, "role": role})
		}
		wantProblem(t, "existing agent", invite(owner, strings.ToUpper(me.Agent.Email), "agent"), 409, "conflict")
		s.mustInvite(owner, "twice@example.com", "agent")
		wantProblem(t, "pending twice", invite(owner, "twice@example.com", "agent"), 409, "conflict")
		wantProblem(t, "admin invites owner", invite(admin, "boss@example.com", "owner"), 403, "forbidden")
		wantProblem(t, "agent invites", invite(a.Tokens["agent"], "x@example.com", "agent"), 403, "forbidden")
		wantProblem(t, "agent lists", s.do("GET", "/api/v1/invitations", a.Tokens["agent"], nil), 403, "forbidden")
		wantProblem(t, "bad e-mail", invite(owner, "not-an-email", "agent"), 422, "invalid_input")
		expiring := s.mustToken(owner, "admin", time.Now().Add(time.Hour))
		wantProblem(t, "expiring token invites", invite(expiring, "mole@example.com", "agent"), 403, "forbidden")
		lasting := s.mustToken(owner, "admin", time.Time{})
		s.mustDo(201, "POST", "/api/v1/invitations", lasting, map[string]string{"email": "by-token@example.com", "role": "agent"})
		for _, tok := range []string{"", "garbage", "kfi_" + strings.Repeat("A", 43), "kfs_" + strings.Repeat("A", 43)} {
			wantProblem(t, "token "+tok, s.accept(tok, "X", "a long fine password"), 404, "not_found")
		}
	})
}

// TestInvitationGuessesThrottled: guessing invitation links counts against the address like
// failed sign-ins, so a burst of bad links is refused with rate_limited and Retry-After.
func TestInvitationGuessesThrottled(t *testing.T) {
	s := MustRunSQLite(t)
	s.mustSetupOrg("Guess")
	for i := range 40 {
		r := s.accept("kfi_"+strings.Repeat("B", 42)+string(rune('a'+i%26)), "X", "a long fine password")
		if r.Status == 429 {
			if r.Code(t) != "rate_limited" || r.Header.Get("Retry-After") == "" {
				t.Errorf("refusal %s without rate_limited and Retry-After", r.Body)
			}
			return
		}
		var p struct{ Code string }
		_ = json.Unmarshal(r.Body, &p)
		if p.Code != "not_found" {
			t.Fatalf("guess %d: %d %s, want not_found until throttled", i, r.Status, r.Body)
		}
	}
	t.Fatal("40 guessed links from one address were never throttled")
}
