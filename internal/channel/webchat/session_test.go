package webchat

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestIdentify(t *testing.T) {
	var logs bytes.Buffer
	s := &Service{verify: auth.VerifyIdentityHash, log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	secret := "inbox-secret"
	wrong := strings.Repeat("0", 64)
	good := hmacHex(t, secret, "u-42")
	existingKey := newVisitorKey()
	tests := []struct {
		name         string
		enforce      bool
		req          SessionRequest
		wantExternal string // prefix, or exact when it has no ':' suffix to vary
		wantVerified bool
		wantErr      kefu.Code
	}{
		{"new anonymous browser", false, SessionRequest{}, "anon:", false, ""},
		{"returning browser keeps its identity", false, SessionRequest{VisitorKey: existingKey}, "anon:" + hashKey(existingKey), false, ""},
		{"short visitor key is replaced", false, SessionRequest{VisitorKey: "short"}, "anon:", false, ""},
		{"signed user", false, SessionRequest{User: &User{ID: "u-42", Hash: good}}, "user:u-42", true, ""},
		{"signed user, enforced", true, SessionRequest{User: &User{ID: "u-42", Hash: good}}, "user:u-42", true, ""},
		{"wrong hash is only an anonymous browser", false, SessionRequest{User: &User{ID: "u-42", Hash: wrong}}, "anon:", false, ""},
		{"wrong hash refused when enforced", true, SessionRequest{User: &User{ID: "u-42", Hash: wrong}}, "", false, kefu.CodeUnauthenticated},
		{"unsigned user refused when enforced", true, SessionRequest{User: &User{ID: "u-42"}}, "", false, kefu.CodeUnauthenticated},
		{"unsigned user is only an anonymous browser", false, SessionRequest{User: &User{ID: "u-42", Email: "boss@example.com"}}, "anon:", false, ""},
		{"anonymous allowed when enforced", true, SessionRequest{}, "anon:", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inbox := &kefu.Inbox{IdentitySecret: secret, EnforceIdentity: tt.enforce}
			req := tt.req
			id, err := s.identify(context.Background(), inbox, &req)
			if tt.wantErr != "" {
				if kefu.ErrorCode(err) != tt.wantErr {
					t.Fatalf("identify() error = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("identify() = %v", err)
			}
			if !strings.HasPrefix(id.externalID, tt.wantExternal) || id.verified != tt.wantVerified {
				t.Errorf("identify() = %q verified=%v, want %q… verified=%v", id.externalID, id.verified, tt.wantExternal, tt.wantVerified)
			}
			if strings.HasPrefix(id.externalID, "anon:") && !validVisitorKey(req.VisitorKey) {
				t.Errorf("anonymous visitor got no usable visitor key: %q", req.VisitorKey)
			}
			if u := req.User; u != nil && !id.verified && id.profile.Attributes["claimed_user_id"] != u.ID {
				t.Errorf("unverified user: attributes %v, want claimed_user_id %q", id.profile.Attributes, u.ID)
			}
		})
	}
	// Unverified calls are logged, without the hash, the secret or the claimed user.
	for _, want := range []string{"reason=wrong_hash", "reason=missing_hash"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
	for _, secretish := range []string{wrong, good, secret, "u-42"} {
		if strings.Contains(logs.String(), secretish) {
			t.Errorf("logs contain %q:\n%s", secretish, logs.String())
		}
	}
}
