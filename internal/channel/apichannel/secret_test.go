package apichannel

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// standardSign is the Standard Webhooks signature written out from the specification, apart
// from the code under test.
func standardSign(secret, id string, ts int64, body string) string {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		panic(err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.%s", id, ts, body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func TestVerify(t *testing.T) {
	secret, other := NewSecret(), NewSecret()
	now := time.Unix(1_800_000_000, 0)
	body := `{"message":{"id":"1"}}`
	ts := fmt.Sprint(now.Unix())
	good := standardSign(secret, "msg_1", now.Unix(), body)
	tests := []struct {
		name string
		h    Signed
		body string
		ok   bool
	}{
		{"valid", Signed{"msg_1", ts, good}, body, true},
		{"one of several signatures", Signed{"msg_1", ts, "v1,bm90IGl0 " + good}, body, true},
		{"four minutes old", Signed{"msg_1", fmt.Sprint(now.Unix() - 240), standardSign(secret, "msg_1", now.Unix()-240, body)}, body, true},
		{"wrong secret", Signed{"msg_1", ts, standardSign(other, "msg_1", now.Unix(), body)}, body, false},
		{"body changed", Signed{"msg_1", ts, good}, body + " ", false},
		{"id changed", Signed{"msg_2", ts, good}, body, false},
		{"stale", Signed{"msg_1", fmt.Sprint(now.Unix() - 301), standardSign(secret, "msg_1", now.Unix()-301, body)}, body, false},
		{"from the future", Signed{"msg_1", fmt.Sprint(now.Unix() + 301), standardSign(secret, "msg_1", now.Unix()+301, body)}, body, false},
		{"no signature", Signed{"msg_1", ts, ""}, body, false},
		{"no id", Signed{"", ts, good}, body, false},
		{"no timestamp", Signed{"msg_1", "", good}, body, false},
		{"timestamp not a number", Signed{"msg_1", "soon", good}, body, false},
		{"v1a scheme", Signed{"msg_1", ts, "v1a," + strings.TrimPrefix(good, "v1,")}, body, false},
		{"id too long", Signed{strings.Repeat("x", 201), ts, good}, body, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(secret, tt.h, []byte(tt.body), now)
			if tt.ok && err != nil {
				t.Errorf("Verify() = %v, want nil", err)
			}
			if !tt.ok && kefu.ErrorCode(err) != kefu.CodeUnauthenticated {
				t.Errorf("Verify() = %v, want unauthenticated", err)
			}
		})
	}
}

func TestValidSecret(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{NewSecret(), true},
		{"whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 24)), true},
		{"whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 16)), false},
		{base64.StdEncoding.EncodeToString(make([]byte, 32)), false},
		{"whsec_not base64!", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidSecret(tt.s); got != tt.want {
			t.Errorf("ValidSecret(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
