package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/problem"
)

type secondStepInput struct {
	UserAgent string `header:"User-Agent" doc:"Recorded on the session for the session list"`
	Body      struct {
		Challenge string `json:"challenge" maxLength:"2048" doc:"From the login answer"`
		Code      string `json:"code" maxLength:"64" doc:"Six-digit code from the authenticator app, or a recovery code"`
	}
}

// loginSecondStep completes a two-factor sign-in and opens the session.
func (s *server) loginSecondStep(ctx context.Context, in *secondStepInput) (*loginOutput, error) {
	client := auth.SessionClient{IP: clientIPFrom(ctx), UserAgent: in.UserAgent}
	token, sess, agent, err := s.Auth.CompleteSecondStep(ctx, in.Body.Challenge, in.Body.Code, client)
	if err != nil {
		return nil, err
	}
	return s.signedIn(token, sess, agent), nil
}

type twoFactorStatusOutput struct {
	Body struct {
		Enabled           bool `json:"enabled" doc:"Codes are asked for at sign-in"`
		RecoveryCodesLeft int  `json:"recovery_codes_left"`
		Required          bool `json:"required" doc:"The organisation requires two-factor sign-in"`
	}
}

func (s *server) twoFactorStatus(ctx context.Context, _ *struct{}) (*twoFactorStatusOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Auth.TwoFactor(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &twoFactorStatusOutput{}
	out.Body.Enabled, out.Body.RecoveryCodesLeft, out.Body.Required = st.Enabled, st.RecoveryCodesLeft, st.Required
	return out, nil
}

type totpEnrolmentOutput struct {
	Body struct {
		Secret     string `json:"secret" doc:"Base32 secret, for typing into the app by hand"`
		OTPAuthURL string `json:"otpauth_url" doc:"What the QR code encodes"`
		QRCode     string `json:"qr_code" doc:"PNG data URL of the QR code"`
	}
}

// beginTOTP starts an enrolment; the secret is shown this once.
func (s *server) beginTOTP(ctx context.Context, _ *struct{}) (*totpEnrolmentOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.Auth.BeginTOTP(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &totpEnrolmentOutput{}
	out.Body.Secret, out.Body.OTPAuthURL, out.Body.QRCode = e.Secret, e.URL, e.QRCode
	return out, nil
}

type codeInput struct {
	Body struct {
		Code string `json:"code" maxLength:"64" doc:"Six-digit code from the authenticator app"`
	}
}

type recoveryCodesOutput struct {
	Body struct {
		RecoveryCodes []string `json:"recovery_codes" doc:"Each works once in place of a code; shown only now"`
	}
}

// confirmTOTP turns two-factor sign-in on and answers the recovery codes.
func (s *server) confirmTOTP(ctx context.Context, in *codeInput) (*recoveryCodesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	codes, err := s.Auth.ConfirmTOTP(ctx, actor, in.Body.Code)
	return recoveryCodes(codes, err)
}

type proofInput struct {
	Body struct {
		Code     string `json:"code,omitempty" maxLength:"64" doc:"A current code from the authenticator app"`
		Password string `json:"password,omitempty" maxLength:"256" doc:"Or the account password"`
	}
}

func (in *proofInput) proof() auth.TwoFactorProof {
	return auth.TwoFactorProof{Code: in.Body.Code, Password: in.Body.Password}
}

func (s *server) regenerateRecoveryCodes(ctx context.Context, in *proofInput) (*recoveryCodesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	codes, err := s.Auth.RegenerateRecoveryCodes(ctx, actor, in.proof())
	return recoveryCodes(codes, err)
}

func recoveryCodes(codes []string, err error) (*recoveryCodesOutput, error) {
	if err != nil {
		return nil, err
	}
	out := &recoveryCodesOutput{}
	out.Body.RecoveryCodes = codes
	return out, nil
}

func (s *server) disableTOTP(ctx context.Context, in *proofInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Auth.DisableTOTP(ctx, actor, in.proof())
}

// resetAgentTOTP turns another agent's two-factor sign-in off (agents.manage).
func (s *server) resetAgentTOTP(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Auth.ResetTOTP(ctx, actor, in.ID)
}

// enrolOnlyPaths are what a session held to two-factor enrolment may still reach.
var enrolOnlyPaths = []string{"/api/v1/auth/session", "/api/v1/auth/me", "/api/v1/auth/logout", "/api/v1/auth/2fa"}

// holdToEnrolment refuses a request of a session that must enrol in two-factor sign-in first,
// unless it is part of enrolling. It answers true when it refused.
func holdToEnrolment(w http.ResponseWriter, r *http.Request, c *caller) bool {
	if c.err != nil || c.session == nil || !c.session.Enrol2FA {
		return false
	}
	for _, p := range enrolOnlyPaths {
		if r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/") {
			return false
		}
	}
	problem.New(kefu.CodeForbidden, "your organisation requires two-factor sign-in: enrol from your profile first").Write(w)
	return true
}
