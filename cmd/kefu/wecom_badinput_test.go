package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wecom/wecomtest"
)

// Callbacks that fail a check are refused and leave nothing behind: a wrong signature, another
// company's CorpID, a stale timestamp, a nonce replayed with another body, an oversized body,
// and the URL check with a wrong signature. WeCom's own retry (same nonce, same body) is
// accepted. Nothing refused reaches sync_msg.
func TestWeComCallbackRefusals(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	w.api.AddMessage(wcKf, wecomtest.Text("msg-1", "wmCust1", "在吗", time.Now().Unix()))
	plain := wecomtest.Notification(wcCorp, wcKf, "tok")
	other := w.cb
	other.CorpID = "wwffffffffffffffff"
	stale := w.cb
	stale.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
	for _, tc := range []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"wrong signature", func() *http.Request { return spoil(t, w.cb, plain, "n1", "msg_signature", strings.Repeat("0", 40)) }, 403},
		{"another company", func() *http.Request { return mustReq(t, other, plain, "n2") }, 403},
		{"stale", func() *http.Request { return mustReq(t, stale, plain, "n3") }, 403},
		{"oversized", func() *http.Request {
			r, _ := http.NewRequest("POST", w.cb.URL+"?nonce=n4", bytes.NewReader(bytes.Repeat([]byte("x"), 70<<10)))
			return r
		}, 413},
		{"not xml", func() *http.Request {
			r, _ := http.NewRequest("POST", w.cb.URL+"?nonce=n5", strings.NewReader("{}"))
			return r
		}, 400},
	} {
		if got := status(t, tc.req()); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if code, _, _ := w.cb.Verify("echo", "n6"); code != 200 {
		t.Errorf("URL check: %d, want 200", code)
	}
	bad := w.cb
	bad.Token = "not-the-token"
	if code, _, _ := bad.Verify("echo", "n7"); code != 403 {
		t.Errorf("URL check with a wrong signature: %d, want 403", code)
	}
	time.Sleep(300 * time.Millisecond) // a job queued by mistake would have run by now
	if n := w.api.Calls("/cgi-bin/kf/sync_msg"); n != 0 || len(w.conversations(w.inbox)) != 0 {
		t.Fatalf("after refused callbacks: %d pulls, %d conversations; want none", n, len(w.conversations(w.inbox)))
	}
	// WeCom's retry sends the same bytes with the same nonce: accepted. The nonce with another
	// body is a replay: refused.
	first := mustReq(t, w.cb, plain, "n8")
	body, _ := io.ReadAll(first.Body)
	for i := range 2 {
		again, _ := http.NewRequest("POST", first.URL.String(), bytes.NewReader(body))
		if got := status(t, again); got != 200 {
			t.Fatalf("callback (send %d): %d, want 200", i+1, got)
		}
	}
	replayed := mustReq(t, w.cb, wecomtest.Notification(wcCorp, wcKf, "other"), "n8")
	if got := status(t, replayed); got != 403 {
		t.Errorf("nonce replayed with another body: %d, want 403", got)
	}
	w.waitMessages(w.inbox, 1)
}

func mustReq(t *testing.T, c wecomtest.Callback, plain []byte, nonce string) *http.Request {
	t.Helper()
	r, err := c.Request(plain, nonce)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// spoil is a valid callback with one query parameter replaced.
func spoil(t *testing.T, c wecomtest.Callback, plain []byte, nonce, key, value string) *http.Request {
	r := mustReq(t, c, plain, nonce)
	q := r.URL.Query()
	q.Set(key, value)
	r.URL.RawQuery = q.Encode()
	return r
}

func status(t *testing.T, r *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
