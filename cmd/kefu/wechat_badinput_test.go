package main

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Forged, stale, replayed, mismatched, oversized and hostile callbacks each get a clear 4xx
// and store nothing; the server answers a good callback afterwards.
func TestWeChatCallbackRefusals(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	safe := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	plain := w.mustInbox("wechat", wxAppID2, kefu.WeChatPlaintext, "")
	msg := func(text string) wechattest.Fields {
		return wxMsg("o_attacker", "text", wechattest.Fields{"Content": text})
	}

	wrongToken := safe.cb
	wrongToken.Token = "NotTheInboxToken123"
	otherApp := safe.cb
	otherApp.AppID = wxAppID3 // the inbox's key, sealed for another account
	stale := safe.cb
	stale.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
	plainToSafe := safe.cb
	plainToSafe.Mode = kefu.WeChatPlaintext
	nonce := wechattest.Nonce()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	if status, body, _ := wechattest.Do(plain.cb.RequestAt(msg("first use of the nonce"), ts, nonce)); status != 200 || body != "success" {
		t.Fatalf("first use of a nonce: %d %q, want success", status, body)
	}
	xxe := `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
		`<xml><ToUserName>gh_0123456789ab</ToUserName><FromUserName>o_attacker</FromUserName><CreateTime>1</CreateTime>` +
		`<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>99</MsgId></xml>`
	big := msg(strings.Repeat("长", 30<<10))
	for _, tc := range []struct {
		name   string
		status int
		reason string
		do     func() (int, string, error)
	}{
		{"wrong signature", 403, "bad callback signature", func() (int, string, error) { return wrongToken.Post(msg("forged")) }},
		{"wrong AppID inside", 403, "another receiver", func() (int, string, error) { return otherApp.Post(msg("other account")) }},
		{"stale timestamp", 403, "outside the window", func() (int, string, error) { return stale.Post(msg("old")) }},
		{"replayed nonce, other body", 403, "replayed", func() (int, string, error) {
			return wechattest.Do(plain.cb.RequestAt(msg("replayed with another body"), ts, nonce))
		}},
		{"plaintext to a safe inbox", 403, "safe mode", func() (int, string, error) { return plainToSafe.Post(msg("in the clear")) }},
		{"oversized body", 413, "body over", func() (int, string, error) { return plain.cb.Post(big) }},
		{"DOCTYPE with an external entity", 400, "DOCTYPE", func() (int, string, error) {
			return wechattest.Do(plain.cb.RawRequest(plain.cb.SignedQuery(), []byte(xxe)))
		}},
		{"no signature", 403, "bad callback signature", func() (int, string, error) {
			return wechattest.Do(plain.cb.RawRequest(url.Values{}, wechattest.Encode("xml", msg("unsigned"))))
		}},
		{"URL check with a wrong signature", 403, "bad callback signature", func() (int, string, error) { return wrongToken.VerifyURL("echo") }},
	} {
		status, body, err := tc.do()
		if err != nil || status != tc.status || !strings.Contains(body, tc.reason) {
			t.Errorf("%s: %d %q %v, want %d saying %q", tc.name, status, body, err, tc.status, tc.reason)
		}
		if strings.Contains(body, "success") || strings.Contains(body, "root:") {
			t.Errorf("%s: answered %q", tc.name, body)
		}
	}
	wantOnly(t, w, safe.ID, 0)
	wantOnly(t, w, plain.ID, 1)
	w.post(safe, msg("after all that, a real message"))
	wantOnly(t, w, safe.ID, 1)
}

// wantOnly checks the inbox holds n customer messages in all.
func wantOnly(t *testing.T, w *wxWorld, inboxID string, n int) {
	t.Helper()
	got := 0
	for _, c := range w.conversations(inboxID) {
		got += len(w.customerMessages(c.ID))
	}
	if got != n {
		t.Errorf("inbox %s holds %d customer messages, want %d", inboxID, got, n)
	}
}
