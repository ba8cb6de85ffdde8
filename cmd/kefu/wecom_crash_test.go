package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/channel/wecom/wecomtest"
	"github.com/kefu-dev/kefu/internal/config"
)

// The real kefu binary is SIGKILLed while it pulls the second of three sync_msg pages. The
// first page was staged with the cursor and received; after a restart and WeCom's next
// callback, the pull goes on from the stored cursor: every message arrives, none twice.
func TestWeComSyncSurvivesSIGKILL(t *testing.T) {
	forEachDatabase(t, testWeComSyncSurvivesSIGKILL)
}

func testWeComSyncSurvivesSIGKILL(t *testing.T, db database) {
	api := wecomtest.NewServer(t, wcCorp, wcSecret)
	api.PageSize = 2
	now := time.Now().Unix()
	for i := 1; i <= 6; i++ {
		api.AddMessage(wcKf, wecomtest.Text(fmt.Sprintf("msg-%d", i), "wmCust1", fmt.Sprintf("m%d", i), now))
	}
	cfg := testConfig(t, db)
	cfg.WeComAPIURL = api.URL
	w := setupWeComStopped(t, cfg, api)
	env := "KEFU_WECOM_API_URL=" + api.URL
	api.Block(2)
	first := startServe(t, cfg, env)
	w.cb.URL = first.url + "/hooks/" + w.inbox
	w.postTo(t, "k1")
	waitPage(t, api, 2, first)
	got := contents(t, first.url, w)
	if len(got) != 2 {
		t.Fatalf("before the kill: %v, want the first page's 2 messages", got)
	}
	first.kill(t)
	api.Release(2)
	again := startServe(t, cfg, env)
	w.cb.URL = again.url + "/hooks/" + w.inbox
	w.postTo(t, "k2")
	var final []string
	waitFor(t, 20*time.Second, "all six messages", func() bool { final = contents(t, again.url, w); return len(final) >= 6 })
	time.Sleep(300 * time.Millisecond)
	final = contents(t, again.url, w)
	if fmt.Sprint(final) != "[m1 m2 m3 m4 m5 m6]" {
		t.Fatalf("after restart: %v, want m1..m6 once each, in order", final)
	}
}

// crashWorld is what the crash test keeps of its stopped setup.
type crashWorld struct {
	token, inbox string
	cb           wecomtest.Callback
}

// setupWeComStopped makes an organisation and a WeCom inbox in cfg's data dir with kefu run in
// this process, then stops it.
func setupWeComStopped(t *testing.T, cfg config.Config, api *wecomtest.Server) *crashWorld {
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams()}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	s := &testServer{Main: m, t: t}
	w := &wcWorld{s: s, api: api, o: s.mustSetupOrg("Crash")}
	inbox, cb := w.mustInbox(wcCorp, wcKf, wcSecret)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return &crashWorld{token: w.o.Tokens["owner"], inbox: inbox, cb: cb}
}

func (w *crashWorld) postTo(t *testing.T, nonce string) {
	t.Helper()
	status, body, err := w.cb.Post(wecomtest.Notification(wcCorp, wcKf, "tok-"+nonce), nonce)
	if err != nil || status != 200 || body != "success" {
		t.Fatalf("callback: %d %q %v", status, body, err)
	}
}

// waitPage waits until the simulator was asked for the page starting at first.
func waitPage(t *testing.T, api *wecomtest.Server, first int, p *process) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case got := <-api.Reached():
			if got == first {
				return
			}
		case <-deadline:
			t.Fatalf("sync_msg never asked for page %d:\n%s", first, p.tail())
		}
	}
}

// contents are the customer's message texts in the inbox's conversations, oldest first.
func contents(t *testing.T, base string, w *crashWorld) []string {
	r, err := tryDo(base, "GET", "/api/v1/conversations?inbox_id="+w.inbox, w.token, nil)
	var page struct {
		Conversations []channelConv `json:"conversations"`
	}
	if err != nil || r.Status != 200 {
		return nil
	}
	r.JSON(t, &page)
	var out []string
	for _, c := range page.Conversations {
		r, err := tryDo(base, "GET", "/api/v1/conversations/"+c.ID+"/messages", w.token, nil)
		var ms struct {
			Messages []tgMessage `json:"messages"`
		}
		if err != nil {
			return nil
		}
		r.JSON(t, &ms)
		for _, m := range ms.Messages {
			if m.SenderType == "contact" {
				out = append(out, m.Content)
			}
		}
	}
	return out
}
