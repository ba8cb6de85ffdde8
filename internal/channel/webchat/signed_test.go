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

// TestUserAttributes: only attributes signed for a verified user are kept as signed_ and set
// the level; anything else is a claim (or, where identity is enforced, refused); malformed sets
// are left out whole with field warnings.
func TestUserAttributes(t *testing.T) {
	var logs bytes.Buffer
	s := &Service{verify: auth.VerifyIdentityHash, verifyAttrs: auth.VerifyAttributesHash, log: slog.New(slog.NewTextHandler(&logs, nil))}
	secret := "inbox-secret"
	vip := map[string]string{"level": "vip", "region": "CN-GD"}
	idHash := hmacHex(t, secret, "u-42")
	attrsHash := hmacHex(t, secret, "u-42\nlevel=vip\nregion=CN-GD")
	tests := []struct {
		name       string
		enforce    bool
		user       User
		wantSigned bool
		wantClaim  bool
		wantErr    kefu.Code
		wantWarn   string
	}{
		{"signed", false, User{ID: "u-42", Hash: idHash, Attributes: vip, AttributesHash: attrsHash}, true, false, "", ""},
		{"wrong attributes hash", false, User{ID: "u-42", Hash: idHash, Attributes: vip, AttributesHash: idHash}, false, true, "", ""},
		{"no attributes hash", false, User{ID: "u-42", Hash: idHash, Attributes: vip}, false, true, "", ""},
		{"attributes hash of an unverified user", false, User{ID: "u-42", Attributes: vip, AttributesHash: attrsHash}, false, true, "", ""},
		{"wrong attributes hash, enforced", true, User{ID: "u-42", Hash: idHash, Attributes: vip, AttributesHash: idHash}, false, false, kefu.CodeUnauthenticated, ""},
		{"no attributes hash, enforced", true, User{ID: "u-42", Hash: idHash, Attributes: vip}, false, false, kefu.CodeUnauthenticated, ""},
		{"signed, enforced", true, User{ID: "u-42", Hash: idHash, Attributes: vip, AttributesHash: attrsHash}, true, false, "", ""},
		{"bad key", false, User{ID: "u-42", Hash: idHash, Attributes: map[string]string{"Level": "vip"}}, false, false, "", "user.attributes"},
		{"control character", false, User{ID: "u-42", Hash: idHash, Attributes: map[string]string{"note": "a\nlevel=vip"}}, false, false, "", "user.attributes.note"},
		{"too long", false, User{ID: "u-42", Hash: idHash, Attributes: map[string]string{"plan": strings.Repeat("x", 201)}}, false, false, "", "user.attributes.plan"},
		{"not a language", false, User{ID: "u-42", Hash: idHash, Attributes: map[string]string{"language": "english"}}, false, false, "", "user.attributes.language"},
		{"too many", false, User{ID: "u-42", Hash: idHash, Attributes: manyAttributes(21)}, false, false, "", "user.attributes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.user
			id, err := s.identify(context.Background(), &kefu.Inbox{IdentitySecret: secret, EnforceIdentity: tt.enforce}, &SessionRequest{User: &u})
			if (err != nil || tt.wantErr != "") && kefu.ErrorCode(err) != tt.wantErr {
				t.Fatalf("identify() error = %v, want %q", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			a := id.profile.Attributes
			signed := a["signed_level"] == "vip" && a["signed_region"] == "CN-GD" && id.profile.Level != nil && *id.profile.Level == "vip"
			claimed := a["claimed_level"] == "vip" && a["claimed_region"] == "CN-GD" && id.profile.Level == nil && a["signed_level"] == ""
			if signed != tt.wantSigned || claimed != tt.wantClaim {
				t.Errorf("attributes %v level %v: signed=%v claimed=%v, want %v and %v", a, id.profile.Level, signed, claimed, tt.wantSigned, tt.wantClaim)
			}
			if tt.wantWarn != "" && (len(id.warnings) == 0 || id.warnings[0].Field != tt.wantWarn || len(a) != 0 || id.profile.Level != nil) {
				t.Errorf("warnings %v, attributes %v: want %s and nothing kept", id.warnings, a, tt.wantWarn)
			}
		})
	}
	if !strings.Contains(logs.String(), "reason=wrong_attributes_hash") || !strings.Contains(logs.String(), "reason=missing_attributes_hash") || strings.Contains(logs.String(), "vip") {
		t.Errorf("logs = %s, want both reasons and no values", logs.String())
	}
}

// TestPageAttributesCannotSign: the page's own attributes cannot pass for signed ones.
func TestPageAttributesCannotSign(t *testing.T) {
	s := &Service{verify: auth.VerifyIdentityHash, verifyAttrs: auth.VerifyAttributesHash, log: slog.New(slog.DiscardHandler)}
	id, err := s.identify(context.Background(), &kefu.Inbox{}, &SessionRequest{Attributes: map[string]string{"signed_region": "CN-GD", "plan": "gold"}})
	if err != nil || id.profile.Attributes["signed_region"] != "" || id.profile.Attributes["plan"] != "gold" || len(id.warnings) != 1 || id.warnings[0].Field != "attributes" {
		t.Fatalf("identify() = %+v, %v: want signed_region dropped with a warning, plan kept", id, err)
	}
}

func manyAttributes(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m["k"+strings.Repeat("x", i)] = "v"
	}
	return m
}
