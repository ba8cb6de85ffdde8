package wxcrypto

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Empty callback secrets are generated in the consoles' form; given ones stay as they are.
func TestFillCallbackSecrets(t *testing.T) {
	var s kefu.ChannelSecrets
	FillCallbackSecrets(&s)
	if len(s.CallbackToken) != 32 || len(s.EncodingAESKey) != 43 {
		t.Fatalf("generated %q and %q, want a 32-character token and a 43-character key", s.CallbackToken, s.EncodingAESKey)
	}
	if _, err := NewCodec(s.EncodingAESKey, "wx1"); err != nil {
		t.Fatalf("the generated key makes no codec: %v", err)
	}
	given := kefu.ChannelSecrets{CallbackToken: "mytoken", EncodingAESKey: "given-key"}
	FillCallbackSecrets(&given)
	if given.CallbackToken != "mytoken" || given.EncodingAESKey != "given-key" {
		t.Errorf("given secrets became %q and %q", given.CallbackToken, given.EncodingAESKey)
	}
}

// An update keeps the stored secrets it leaves empty and takes those it sets; a create has
// nothing to keep.
func TestKeepSecrets(t *testing.T) {
	prev := &kefu.Inbox{Secrets: kefu.ChannelSecrets{AppSecret: "old-secret", CallbackToken: "oldtoken", EncodingAESKey: "old-key"}}
	next := &kefu.Inbox{Secrets: kefu.ChannelSecrets{CallbackToken: "newtoken"}}
	KeepSecrets(next, prev)
	want := kefu.ChannelSecrets{AppSecret: "old-secret", CallbackToken: "newtoken", EncodingAESKey: "old-key"}
	if next.Secrets != want {
		t.Errorf("kept %+v, want %+v", next.Secrets, want)
	}
	created := &kefu.Inbox{}
	KeepSecrets(created, nil)
	if created.Secrets != (kefu.ChannelSecrets{}) {
		t.Errorf("a create kept %+v", created.Secrets)
	}
}
