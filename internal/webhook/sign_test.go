package webhook

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestSignSpecVector: the example of the Standard Webhooks specification.
func TestSignSpecVector(t *testing.T) {
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
		[]byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := Sign("not-a-secret", "id", 1, nil); err == nil {
		t.Error("a secret without whsec_ was accepted")
	}
}

func TestNewSecret(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "whsec_"))
	if !strings.HasPrefix(a, "whsec_") || err != nil || len(key) != 32 || a == b {
		t.Errorf("secrets %q and %q: want whsec_ and 32 random bytes in base64, different each time", a, b)
	}
}
