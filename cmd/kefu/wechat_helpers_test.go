package main

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// The accounts of the WeChat tests; the simulator knows them with these secrets.
const (
	wxAppID    = "wx0123456789abcdef"
	wxAppID2   = "wx1123456789abcdef"
	wxAppID3   = "wx2123456789abcdef"
	wxMPAppID  = "wxfedcba9876543210"
	wxSecret   = "app-secret-0123456789abcdef01234"
	wxOrigID   = "gh_0123456789ab"
	wxGreeting = "欢迎关注！有问题随时留言。"
)

// wxPNG is a tiny PNG the simulator serves as temporary media.
var wxPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// wxWorld is a kefu whose WeChat API is the simulator, with an organisation.
type wxWorld struct {
	s   *testServer
	api *wechattest.Server
	o   *org
}

// mustWeChatWorld boots kefu on db against a fresh simulator that knows the test accounts.
func mustWeChatWorld(t *testing.T, db database) *wxWorld {
	api := wechattest.NewServer(t)
	for _, app := range []string{wxAppID, wxAppID2, wxAppID3, wxMPAppID} {
		api.AddApp(app, wxSecret)
	}
	cfg := testConfig(t, db)
	cfg.WeChatAPIURL = api.URL
	s := mustRun(t, &Main{Config: cfg, Version: "test",
		JobBackoff: jobs.Backoff{Base: 20 * time.Millisecond, Max: 100 * time.Millisecond}, JobPoll: 20 * time.Millisecond})
	return &wxWorld{s: s, api: api, o: s.mustSetupOrg("WeChat")}
}

// wxInbox is a WeChat inbox created over the inbox API, with the callback client the
// platform would use after the administrator pasted the generated secrets into its console.
type wxInbox struct {
	ID string
	cb wechattest.Callback
}

// mustInbox creates an Official Account (channel wechat) or mini program inbox of app in
// mode; format is the mini program's data format.
func (w *wxWorld) mustInbox(channel, app, mode, format string) *wxInbox {
	w.s.t.Helper()
	cfg := map[string]any{"app_id": app, "encryption": mode}
	if channel == "miniprogram" {
		cfg["data_format"] = format
	}
	var out struct {
		ID        string `json:"id"`
		Generated struct {
			CallbackToken  string `json:"callback_token"`
			EncodingAESKey string `json:"encoding_aes_key"`
		} `json:"generated_secrets"`
	}
	w.s.mustDo(201, "POST", "/api/v1/inboxes", w.o.Tokens["owner"], map[string]any{
		"name": channel + " " + app + " " + mode, "channel": channel, "greeting": wxGreeting,
		"config": map[string]any{channel: cfg}, "secrets": map[string]any{"app_secret": wxSecret},
	}).JSON(w.s.t, &out)
	if len(out.Generated.CallbackToken) != 32 || len(out.Generated.EncodingAESKey) != 43 {
		w.s.t.Fatalf("generated secrets %+v, want a 32-character token and a 43-character key", out.Generated)
	}
	return &wxInbox{ID: out.ID, cb: wechattest.Callback{URL: w.s.URL() + "/hooks/" + out.ID, AppID: app,
		Token: out.Generated.CallbackToken, AESKey: out.Generated.EncodingAESKey, Mode: mode, Format: format}}
}

// post sends a callback of in and fails the test unless kefu answered "success".
func (w *wxWorld) post(in *wxInbox, f wechattest.Fields) {
	w.s.t.Helper()
	status, body, err := in.cb.Post(f)
	if err != nil || status != 200 || body != "success" {
		w.s.t.Fatalf("callback %v: %d %q %v, want 200 success", f["MsgType"], status, body, err)
	}
}

var wxMsgID atomic.Int64

// wxMsg is a message of openID of type msgType with the given fields and a new MsgId.
func wxMsg(openID, msgType string, extra wechattest.Fields) wechattest.Fields {
	f := wechattest.Fields{"ToUserName": wxOrigID, "FromUserName": openID, "CreateTime": time.Now().Unix(),
		"MsgType": msgType, "MsgId": 24000000000000000 + wxMsgID.Add(1)}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// wxEvent is an event of openID.
func wxEvent(openID, event, key string) wechattest.Fields {
	return wechattest.Fields{"ToUserName": wxOrigID, "FromUserName": openID, "CreateTime": time.Now().Unix(),
		"MsgType": "event", "Event": event, "EventKey": key}
}

// conversations lists the inbox's conversations as the owner sees them.
func (w *wxWorld) conversations(inboxID string) []channelConv {
	return w.s.inboxConversations(w.o.Tokens["owner"], inboxID)
}

// customerMessages are the contact's messages of a conversation.
func (w *wxWorld) customerMessages(convID string) []tgMessage {
	return w.s.customerMessages(w.o.Tokens["owner"], convID)
}

// wxContact is a contact as the API shows it.
type wxContact struct {
	Attributes map[string]string `json:"attributes"`
	Identities []struct {
		Channel    string `json:"channel"`
		ExternalID string `json:"external_id"`
		Verified   bool   `json:"verified"`
	} `json:"identities"`
}

func (w *wxWorld) contact(id string) wxContact {
	var c wxContact
	w.s.mustDo(200, "GET", "/api/v1/contacts/"+id, w.o.Tokens["owner"], nil).JSON(w.s.t, &c)
	return c
}

// contactOf finds the contact of a WeChat sender through the store's identity index.
func (w *wxWorld) contactOf(ch kefu.ChannelType, externalID string) wxContact {
	w.s.t.Helper()
	c, err := w.s.store.FindContactByExactIdentity(context.Background(), w.o.ID, ch, externalID, true)
	if err != nil {
		w.s.t.Fatalf("contact of %s %s: %v", ch, externalID, err)
	}
	return w.contact(c.ID)
}

// jobsOfKind counts the inbox's jobs of kind.
func (w *wxWorld) jobsOfKind(inboxID, kind string) int {
	w.s.t.Helper()
	js, err := w.s.store.ListJobs(context.Background(), w.o.ID, kefu.JobQuery{Ref: inboxID, Limit: 200})
	if err != nil {
		w.s.t.Fatal(err)
	}
	n := 0
	for _, j := range js {
		if j.Kind == kind {
			n++
		}
	}
	return n
}

// sentTo returns what the simulator accepted for openID.
func (w *wxWorld) sentTo(openID string) []wechattest.Sent {
	var out []wechattest.Sent
	for _, m := range w.api.Sent() {
		if m.ToUser == openID {
			out = append(out, m)
		}
	}
	return out
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
