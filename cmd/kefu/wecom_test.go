package main

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wecom/wecomtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// A customer enters the session and writes text and an image: WeCom's callback only says there
// is something new; kefu pulls it with sync_msg and stores both in one conversation of a
// verified WeCom contact named by batchget, with the image's bytes; the welcome code is
// answered with the inbox's greeting at once.
func TestWeComCallbackToConversation(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		w := mustWeCom(t, db)
		now := time.Now().Unix()
		w.api.AddCustomer("wmCust1", wecomtest.Customer{Nickname: "张三", UnionID: "oUnion-1"})
		w.api.AddMedia("media-in-1", tgPNG)
		w.api.AddMessage(wcKf, wecomtest.EnterSession("ev-1", "wmCust1", "WELCOME-1", now))
		w.api.AddMessage(wcKf, wecomtest.Text("msg-1", "wmCust1", "我的订单还没到", now))
		w.api.AddMessage(wcKf, wecomtest.Image("msg-2", "wmCust1", "media-in-1", now))
		w.notify("n1")

		conv, ms := w.waitMessages(w.inbox, 2)
		if len(ms) != 2 || ms[0].Content != "我的订单还没到" {
			t.Fatalf("messages %+v, want the text then the image", ms)
		}
		if len(ms[1].Attachments) != 1 || ms[1].Attachments[0].ContentType != "image/png" {
			t.Fatalf("image message %+v, want one png attachment", ms[1])
		}
		got := w.s.mustDo(200, "GET", "/api/v1/files/"+ms[1].Attachments[0].ID, w.o.Tokens["owner"], nil).Body
		if !bytes.Equal(got, tgPNG) {
			t.Errorf("image downloaded as %d bytes, want the %d WeCom gave", len(got), len(tgPNG))
		}
		w.wantContact(conv.ContactID, "张三", wcCorp+":wmCust1", "oUnion-1")
		ev := w.api.EventMessages()
		if len(ev) != 1 || ev[0]["code"] != "WELCOME-1" || ev[0]["text"].(map[string]any)["content"] != "欢迎光临，请问有什么可以帮您？" {
			t.Errorf("send_msg_on_event calls %v, want the greeting once with WELCOME-1", ev)
		}
		// WeCom's retry of the callback pulls nothing new and stores nothing twice.
		w.notify("n2")
		waitFor(t, 10*time.Second, "second pull", func() bool { return w.api.Calls("/cgi-bin/kf/sync_msg") >= 2 })
		time.Sleep(200 * time.Millisecond)
		if _, again := w.waitMessages(w.inbox, 2); len(again) != 2 {
			t.Errorf("%d customer messages after a second callback, want still 2", len(again))
		}
	})
}

// wantContact checks the contact's name and its verified WeCom identity and UnionID.
func (w *wcWorld) wantContact(id, name, external, union string) {
	w.s.t.Helper()
	var c struct {
		Name       string          `json:"name"`
		Identities []kefu.Identity `json:"identities"`
	}
	w.s.mustDo(200, "GET", "/api/v1/contacts/"+id, w.o.Tokens["owner"], nil).JSON(w.s.t, &c)
	want := map[string]string{"wecom": external, "wechat_unionid": union}
	for _, idt := range c.Identities {
		if want[string(idt.Channel)] == idt.ExternalID && idt.Verified {
			delete(want, string(idt.Channel))
		}
	}
	if c.Name != name || len(want) != 0 {
		w.s.t.Errorf("contact %q %+v: want %q with verified identities wecom %s and unionid %s", c.Name, c.Identities, name, external, union)
	}
}

// An agent's replies go out with send_msg to the customer, msgid = the message id without
// dashes; an image is uploaded first and sent by its media_id. The session is marked served
// through the API (state 1) before the first reply, and ended (4) when the conversation is
// resolved.
func TestWeComReplyDelivered(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	w.api.AddMessage(wcKf, wecomtest.Text("msg-1", "wmCust1", "在吗", time.Now().Unix()))
	w.notify("n1")
	conv, _ := w.waitMessages(w.inbox, 1)
	owner := w.o.Tokens["owner"]
	var text, photo struct {
		Message kefu.Message `json:"message"`
	}
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv.ID+"/messages", owner, map[string]any{"content": "您好，马上处理"}).JSON(t, &text)
	var att struct {
		ID string `json:"id"`
	}
	w.s.mustUpload(201, "/api/v1/conversations/"+conv.ID+"/attachments", owner, "label.png", tgPNG).JSON(t, &att)
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv.ID+"/messages", owner, map[string]any{"content": "", "attachment_ids": []string{att.ID}}).JSON(t, &photo)

	waitFor(t, 10*time.Second, "both replies at WeCom", func() bool { return len(w.api.Sent()) >= 2 })
	sent := w.api.Sent()
	first, second := sent[0], sent[1]
	if first.ToUser != "wmCust1" || first.OpenKfID != wcKf || first.MsgType != "text" || first.MsgID != dashless(text.Message.ID) ||
		first.Body["text"].(map[string]any)["content"] != "您好，马上处理" {
		t.Errorf("first send_msg %+v, want the text to wmCust1 with msgid %s", first, dashless(text.Message.ID))
	}
	media, _ := second.Body["image"].(map[string]any)["media_id"].(string)
	if second.MsgType != "image" || second.MsgID != dashless(photo.Message.ID) || !bytes.Equal(w.api.Uploaded(media).Data, tgPNG) {
		t.Errorf("second send_msg %+v, want the uploaded png by media_id with msgid %s", second, dashless(photo.Message.ID))
	}
	if st := w.api.State("wmCust1"); st != 1 {
		t.Errorf("session state %d after kefu's reply, want 1 (served through the API)", st)
	}
	w.s.mustDo(200, "POST", "/api/v1/conversations/"+conv.ID+"/status", owner, map[string]any{"status": "resolved"})
	waitFor(t, 10*time.Second, "session ended", func() bool { return w.api.State("wmCust1") == 4 })
}

func dashless(id string) string {
	return fmt.Sprintf("%s%s%s%s%s", id[0:8], id[9:13], id[14:18], id[19:23], id[24:])
}

// An expired access token is refreshed once: the call WeCom refused with 42001 is made again
// with a new token and succeeds.
func TestWeComExpiredTokenRefreshedOnce(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	w.api.AddMessage(wcKf, wecomtest.Text("msg-1", "wmCust1", "在吗", time.Now().Unix()))
	w.notify("n1")
	conv, _ := w.waitMessages(w.inbox, 1)
	before := w.api.TokensIssued()
	w.api.ExpireTokens()
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv.ID+"/messages", w.o.Tokens["owner"], map[string]any{"content": "好的"})
	waitFor(t, 10*time.Second, "reply at WeCom", func() bool { return len(w.api.Sent()) == 1 })
	if got := w.api.TokensIssued() - before; got != 1 {
		t.Errorf("%d tokens fetched after expiry, want 1", got)
	}
}

// WeCom's refusal of a reply past its limits fails the delivery for good with a reason the
// agent reads: the 6th reply (95001) and a closed 48-hour window (95002). (kefu's own check of
// the count before committing comes with the conversation service's limit on branch h-wxui.)
func TestWeComLimitRefusalsArePermanent(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	w.api.AddMessage(wcKf, wecomtest.Text("msg-1", "wmCust1", "在吗", time.Now().Unix()))
	w.notify("n1")
	conv, _ := w.waitMessages(w.inbox, 1)
	for _, tc := range []struct {
		code int
		want string
	}{{95001, "at most 5 replies"}, {95002, "48-hour"}, {95018, "does not allow sending"}} {
		w.api.Fail("/cgi-bin/kf/send_msg", tc.code)
		var r struct {
			Message kefu.Message `json:"message"`
		}
		w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv.ID+"/messages", w.o.Tokens["owner"], map[string]any{"content": "reply"}).JSON(t, &r)
		d := waitDeliveryAt(t, w.s.URL(), w.o.Tokens["owner"], conv.ID, r.Message.ID, "failed")
		if !bytes.Contains([]byte(d.Error), []byte(tc.want)) {
			t.Errorf("errcode %d: delivery error %q, want it to say %q", tc.code, d.Error, tc.want)
		}
	}
}

// One person writing to the customer-service accounts of two companies of the same WeChat Open
// Platform account has two external ids but one UnionID: kefu keeps one contact.
func TestWeComSameUnionIDOneContact(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	const corpB, kfB = "wwbbbbbbbbbbbbbbbb", "wkOther0123456789"
	w.api.AddCorp(corpB, wcSecret+"-b")
	inboxB, cbB := w.mustInbox(corpB, kfB, wcSecret+"-b")
	w.api.AddCustomer("wmCust1", wecomtest.Customer{Nickname: "李四", UnionID: "oUnion-same"})
	now := time.Now().Unix()
	w.api.AddMessage(wcKf, wecomtest.Text("a-1", "wmCust1", "company A", now))
	w.api.AddMessage(kfB, wecomtest.Text("b-1", "wmCust1", "company B", now))
	w.notify("n1")
	if status, body, err := cbB.Post(wecomtest.Notification(corpB, kfB, "tok-b"), "nb1"); status != 200 || body != "success" {
		t.Fatalf("callback B: %d %q %v", status, body, err)
	}
	a, _ := w.waitMessages(w.inbox, 1)
	b, _ := w.waitMessages(inboxB, 1)
	if a.ContactID != b.ContactID {
		t.Fatalf("contacts %s and %s, want one contact for one UnionID", a.ContactID, b.ContactID)
	}
}

// WeCom has one callback URL per company: with two customer-service accounts, the second
// account's inbox is given the first's Token and EncodingAESKey, and a notification naming the
// second account, posted to the first inbox's URL, is pulled into the second inbox.
func TestWeComSecondAccountOfOneCompany(t *testing.T) {
	w := mustWeCom(t, databases()[0])
	const kfB = "wkSecond0123456789"
	body := map[string]any{"name": "WeCom second", "channel": "wecom",
		"config":  map[string]any{"wecom": map[string]any{"corp_id": wcCorp, "open_kfid": kfB}},
		"secrets": map[string]any{"app_secret": wcSecret, "callback_token": w.cb.Token, "encoding_aes_key": w.cb.EncodingAESKey}}
	var b struct {
		ID string `json:"id"`
	}
	w.s.mustDo(201, "POST", "/api/v1/inboxes", w.o.Tokens["owner"], body).JSON(t, &b)
	w.api.AddMessage(kfB, wecomtest.Text("second-1", "wmCust2", "to the second account", time.Now().Unix()))
	if status, reply, err := w.cb.Post(wecomtest.Notification(wcCorp, kfB, "tok-second"), "second-1"); status != 200 || reply != "success" {
		t.Fatalf("callback naming the second account: %d %q %v", status, reply, err)
	}
	_, ms := w.waitMessages(b.ID, 1)
	if ms[0].Content != "to the second account" {
		t.Fatalf("second inbox got %+v", ms)
	}
	if convs := w.conversations(w.inbox); len(convs) != 0 {
		t.Errorf("the first account's inbox got %d conversations, want none", len(convs))
	}
}
