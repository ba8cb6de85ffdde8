package auth

import (
	"bytes"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestMatchTOTP: a code is accepted one step either side of now, for the step it belongs to,
// and refused two steps away.
func TestMatchTOTP(t *testing.T) {
	key, err := newTOTPKey("a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_700_000_000, 0)
	step := now.Unix() / 30
	for _, d := range []int64{-2, -1, 0, 1, 2} {
		code, err := totp.GenerateCode(key.Secret(), now.Add(time.Duration(d)*totpPeriod))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := matchTOTP(key.Secret(), code, now)
		want := d >= -1 && d <= 1
		if ok != want || (ok && got != step+d) {
			t.Errorf("code of step %+d: matched %v at step %d, want %v at %d", d, ok, got, want, step+d)
		}
	}
	if _, ok := matchTOTP(key.Secret(), "12345", now); ok {
		t.Error("a five-digit code matched")
	}
}

// TestRecoveryCodes: ten distinct codes, each hashing the same however it is typed back.
func TestRecoveryCodes(t *testing.T) {
	codes, hashes := newRecoveryCodes()
	if len(codes) != recoveryCodeCount || len(hashes) != recoveryCodeCount {
		t.Fatalf("got %d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] || !looksLikeRecoveryCode(c) {
			t.Fatalf("code %q: want xxxxx-xxxxx, unique", c)
		}
		seen[c] = true
		typed := " " + string(bytes.ToUpper([]byte(c[:5]))) + " " + c[6:] + " "
		if !bytes.Equal(hashRecoveryCode(typed), hashes[i]) {
			t.Errorf("code %q typed as %q hashes differently", c, typed)
		}
	}
	if looksLikeRecoveryCode("123456") {
		t.Error("a TOTP code looks like a recovery code")
	}
}
