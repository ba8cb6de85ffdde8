package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// loginAnswer is the answer of POST /api/v1/auth/login and /auth/login/second-step.
type loginAnswer struct {
	Token             string `json:"token"`
	TwoFactorRequired bool   `json:"two_factor_required"`
	Challenge         string `json:"challenge"`
}

func (s *testServer) mustLoginAnswer(email, password string) loginAnswer {
	s.t.Helper()
	var out loginAnswer
	s.mustDo(200, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}).JSON(s.t, &out)
	return out
}

// codeAt is the TOTP code of secret for the time step holding at.
func codeAt(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatalf("generate code: %v", err)
	}
	return code
}

// mustEnrolTOTP enrols the agent behind token and returns its secret and recovery codes.
func (s *testServer) mustEnrolTOTP(token string) (string, []string) {
	s.t.Helper()
	var e struct {
		Secret     string `json:"secret"`
		OTPAuthURL string `json:"otpauth_url"`
		QRCode     string `json:"qr_code"`
	}
	s.mustDo(200, "POST", "/api/v1/auth/2fa/totp", token, nil).JSON(s.t, &e)
	if e.Secret == "" || len(e.QRCode) < 100 || e.QRCode[:22] != "data:image/png;base64," {
		s.t.Fatalf("enrolment %+v: want a secret and a PNG data URL", e)
	}
	var rc struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	s.mustDo(200, "POST", "/api/v1/auth/2fa/totp/confirm", token, map[string]string{"code": codeAt(s.t, e.Secret, time.Now())}).JSON(s.t, &rc)
	if len(rc.RecoveryCodes) != 10 {
		s.t.Fatalf("got %d recovery codes, want 10", len(rc.RecoveryCodes))
	}
	return e.Secret, rc.RecoveryCodes
}

// secondStep posts a code for a challenge.
func (s *testServer) secondStep(challenge, code string) response {
	s.t.Helper()
	return s.do("POST", "/api/v1/auth/login/second-step", "", map[string]string{"challenge": challenge, "code": code})
}

// TestTwoFactorSignIn: once enrolled, the password alone opens no session; a current code
// does, once; a recovery code does, once; a wrong code is refused.
func TestTwoFactorSignIn(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("TOTP")
		email := emailOf(s, o, "agent")
		wantProblem(t, "confirm without enrolment", s.do("POST", "/api/v1/auth/2fa/totp/confirm", o.Tokens["agent"], map[string]string{"code": "123456"}), 409, "conflict")
		secret, recovery := s.mustEnrolTOTP(o.Tokens["agent"])

		ans := s.mustLoginAnswer(email, "password-1")
		if !ans.TwoFactorRequired || ans.Token != "" || ans.Challenge == "" {
			t.Fatalf("password-only login answered %+v: want a challenge and no session", ans)
		}
		wantProblem(t, "challenge as a bearer token", s.do("GET", "/api/v1/auth/me", ans.Challenge, nil), 401, "unauthenticated")
		wantProblem(t, "wrong code", s.secondStep(ans.Challenge, "000000"), 401, "unauthenticated")
		// The enrolment's code used up the current step; the next step's code is new.
		next := codeAt(t, secret, time.Now().Add(30*time.Second))
		var in loginAnswer
		s.mustDo(200, "POST", "/api/v1/auth/login/second-step", "", map[string]string{"challenge": ans.Challenge, "code": next}).JSON(t, &in)
		s.mustDo(200, "GET", "/api/v1/auth/me", in.Token, nil)
		wantProblem(t, "replayed code", s.secondStep(s.mustLoginAnswer(email, "password-1").Challenge, next), 401, "unauthenticated")

		ch := s.mustLoginAnswer(email, "password-1").Challenge
		s.mustDo(200, "POST", "/api/v1/auth/login/second-step", "", map[string]string{"challenge": ch, "code": recovery[0]}).JSON(t, &in)
		s.mustDo(200, "GET", "/api/v1/auth/me", in.Token, nil)
		wantProblem(t, "used recovery code", s.secondStep(ch, recovery[0]), 401, "unauthenticated")
		var st struct {
			Enabled           bool `json:"enabled"`
			RecoveryCodesLeft int  `json:"recovery_codes_left"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/2fa", in.Token, nil).JSON(t, &st)
		if !st.Enabled || st.RecoveryCodesLeft != 9 {
			t.Fatalf("status %+v: want enabled with 9 recovery codes left", st)
		}
		wantProblem(t, "forged challenge", s.secondStep(ch[:len(ch)-4]+"AAAA", codeAt(t, secret, time.Now())), 401, "unauthenticated")
	})
}

// TestTwoFactorManage: disabling and renewing codes need a code or the password; an admin
// resets another agent's two-factor sign-in; API tokens cannot enrol.
func TestTwoFactorManage(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("TOTPManage")
	_, recovery := s.mustEnrolTOTP(o.Tokens["supervisor"])
	wantProblem(t, "disable with a wrong password", s.do("POST", "/api/v1/auth/2fa/disable", o.Tokens["supervisor"], map[string]string{"password": "nope"}), 422, "invalid_input")
	var rc struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	s.mustDo(200, "POST", "/api/v1/auth/2fa/recovery-codes", o.Tokens["supervisor"], map[string]string{"password": "password-1"}).JSON(t, &rc)
	if len(rc.RecoveryCodes) != 10 || rc.RecoveryCodes[0] == recovery[0] {
		t.Fatalf("renewed codes %v: want 10 new ones", rc.RecoveryCodes)
	}
	ch := s.mustLoginAnswer(emailOf(s, o, "supervisor"), "password-1").Challenge
	wantProblem(t, "replaced recovery code", s.secondStep(ch, recovery[1]), 401, "unauthenticated")
	s.mustDo(204, "POST", "/api/v1/auth/2fa/disable", o.Tokens["supervisor"], map[string]string{"password": "password-1"})
	if ans := s.mustLoginAnswer(emailOf(s, o, "supervisor"), "password-1"); ans.Token == "" {
		t.Fatalf("after disabling: %+v, want a session from the password alone", ans)
	}

	s.mustEnrolTOTP(o.Tokens["agent"])
	wantProblem(t, "supervisor resets", s.do("DELETE", "/api/v1/agents/"+o.AgentIDs["agent"]+"/2fa", o.Tokens["supervisor"], nil), 403, "forbidden")
	s.mustDo(204, "DELETE", "/api/v1/agents/"+o.AgentIDs["agent"]+"/2fa", o.Tokens["admin"], nil)
	if ans := s.mustLoginAnswer(emailOf(s, o, "agent"), "password-1"); ans.Token == "" {
		t.Fatalf("after reset: %+v, want a session from the password alone", ans)
	}
	var tok struct {
		Token string `json:"token"`
	}
	s.mustDo(201, "POST", "/api/v1/tokens", o.Tokens["owner"], map[string]any{"name": "bot", "role": "admin"}).JSON(t, &tok)
	wantProblem(t, "API token enrols", s.do("POST", "/api/v1/auth/2fa/totp", tok.Token, nil), 403, "forbidden")
}

// TestTwoFactorRequired: only security.manage turns the requirement on; then an agent without
// two-factor sign-in may only enrol until they have, and afterwards works normally.
func TestTwoFactorRequired(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("TOTPRequired")
		var org struct {
			Settings map[string]any `json:"settings"`
		}
		s.mustDo(200, "GET", "/api/v1/org", o.Tokens["owner"], nil).JSON(t, &org)
		org.Settings["require_2fa"] = true
		wantProblem(t, "admin requires 2FA", s.do("PATCH", "/api/v1/org", o.Tokens["admin"], map[string]any{"settings": org.Settings}), 403, "forbidden")
		s.mustDo(200, "PATCH", "/api/v1/org", o.Tokens["owner"], map[string]any{"settings": org.Settings})

		token := s.mustLogin(emailOf(s, o, "agent"), "password-1")
		var me struct {
			Required bool `json:"two_factor_enrolment_required"`
		}
		s.mustDo(200, "GET", "/api/v1/auth/me", token, nil).JSON(t, &me)
		if !me.Required {
			t.Fatal("me: want two_factor_enrolment_required")
		}
		wantProblem(t, "held session lists conversations", s.do("GET", "/api/v1/conversations", token, nil), 403, "forbidden")
		wantProblem(t, "held session opens a stream", s.do("GET", "/api/v1/events", token, nil), 403, "forbidden")
		s.mustEnrolTOTP(token)
		s.mustDo(200, "GET", "/api/v1/conversations", token, nil)
		wantProblem(t, "disable while required", s.do("POST", "/api/v1/auth/2fa/disable", token, map[string]string{"password": "password-1"}), 403, "forbidden")
	})
}

// TestTwoFactorBackoff: wrong codes count in the sign-in backoff, and a correct password in
// between does not clear them.
func TestTwoFactorBackoff(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("TOTPBackoff")
	email := emailOf(s, o, "agent")
	s.mustEnrolTOTP(o.Tokens["agent"])
	for i := range 5 {
		ch := s.mustLoginAnswer(email, "password-1").Challenge
		wantProblem(t, "wrong code "+itoa(int64(i)), s.secondStep(ch, "000000"), 401, "unauthenticated")
	}
	wantProblem(t, "password after five wrong codes", s.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "password-1"}), 429, "rate_limited")
}

// TestTwoFactorCLIReset: `kefu admin reset-2fa` turns an owner's two-factor sign-in off.
func TestTwoFactorCLIReset(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("TOTPCLI")
	email := emailOf(s, o, "owner")
	s.mustEnrolTOTP(o.Tokens["owner"])
	var out bytes.Buffer
	env := []string{"KEFU_DATA_DIR=" + s.Config.DataDir, "KEFU_DATABASE_URL=" + s.Config.DatabaseURL}
	if code := execute(context.Background(), []string{"admin", "reset-2fa", "--email", email}, env, &out, &out); code != 0 {
		t.Fatalf("kefu admin reset-2fa: exit %d: %s", code, out.String())
	}
	if ans := s.mustLoginAnswer(email, "password-1"); ans.Token == "" {
		t.Fatalf("after the CLI reset: %+v, want a session from the password alone", ans)
	}
}
