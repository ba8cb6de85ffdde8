package main

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// An administrator who lost the generated callback token clears it: kefu generates a new one,
// shows it once, and the old one no longer signs callbacks. The AppSecret cannot be cleared: an
// inbox cannot fetch tokens without it.
func TestWeChatCallbackTokenRegeneratedWhenCleared(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatPlaintext, "")
	owner := w.o.Tokens["owner"]
	var out struct {
		Generated kefu.ChannelSecrets `json:"generated_secrets"`
	}
	w.s.mustDo(200, "PATCH", "/api/v1/inboxes/"+in.ID, owner, map[string]any{"clear_secrets": []string{"callback_token"}}).JSON(t, &out)
	if g := out.Generated; len(g.CallbackToken) != 32 || g.CallbackToken == in.cb.Token || g.EncodingAESKey != "" {
		t.Fatalf("generated %+v: want only a new 32-character callback token", g)
	}
	if status, _, _ := in.cb.Post(wxMsg("o_old", "text", map[string]any{"Content": "signed with the old token"})); status != 403 {
		t.Errorf("a callback signed with the cleared token: status %d, want 403", status)
	}
	in.cb.Token = out.Generated.CallbackToken
	w.post(in, wxMsg("o_new", "text", map[string]any{"Content": "signed with the new token"}))
	w.s.mustDo(422, "PATCH", "/api/v1/inboxes/"+in.ID, owner, map[string]any{"clear_secrets": []string{"app_secret"}})
}
