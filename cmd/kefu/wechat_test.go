package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// A user follows the account from a QR code: the contact is created with the scene, the
// inbox's greeting goes out through the customer-service API once (the platform's retry of
// the event queues no second one), and no conversation is opened. Unfollowing is kept on the
// contact.
func TestWeChatSubscribeGreets(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	sub := wxEvent("o_follower_1", "subscribe", "qrscene_spring-sale")
	w.post(in, sub)
	w.post(in, sub) // the platform's retry: same event, new nonce
	waitFor(t, 10*time.Second, "the greeting at the platform", func() bool { return len(w.sentTo("o_follower_1")) > 0 })
	if n := w.jobsOfKind(in.ID, "wechat.greeting"); n != 1 {
		t.Errorf("%d greeting jobs, want 1 for an event posted twice", n)
	}
	got := w.sentTo("o_follower_1")[0]
	if got.AppID != wxAppID || got.MsgType != "text" || got.Content != wxGreeting {
		t.Errorf("greeting %+v, want the inbox's greeting as text from %s", got, wxAppID)
	}
	if convs := w.conversations(in.ID); len(convs) != 0 {
		t.Errorf("%d conversations after a subscribe, want none", len(convs))
	}
	c := w.contactOf(kefu.ChannelWeChat, wxAppID+":o_follower_1")
	if c.Attributes["wechat_scene"] != "spring-sale" || c.Attributes["wechat_subscribed"] != "true" {
		t.Errorf("contact attributes %v, want the scene and subscribed", c.Attributes)
	}
	w.post(in, wxEvent("o_follower_1", "unsubscribe", ""))
	if c := w.contactOf(kefu.ChannelWeChat, wxAppID+":o_follower_1"); c.Attributes["wechat_subscribed"] != "false" {
		t.Errorf("after unsubscribe: %v, want wechat_subscribed false", c.Attributes)
	}
}

// Text and an image arrive (safe mode) and become one conversation of a verified contact
// with the image's bytes; the platform's retry of the text is stored once; the UnionID the
// platform gives links the contact, asked for once. An agent's text and image replies reach
// custom/send with the right bodies (the image uploaded first), with the token fetched when the
// inbox was saved; a token the platform revoked is refreshed exactly once.
func TestWeChatConversationAndReplies(t *testing.T) {
	forEachDatabase(t, testWeChatConversationAndReplies)
}

func testWeChatConversationAndReplies(t *testing.T, db database) {
	w := mustWeChatWorld(t, db)
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	w.api.AddMedia("MEDIA_IN_1", wxPNG)
	w.api.SetUnionID("o_buyer", "u_union_buyer")
	text := wxMsg("o_buyer", "text", wechattest.Fields{"Content": "我的订单还没到"})
	w.post(in, text)
	w.post(in, wxMsg("o_buyer", "image", wechattest.Fields{"MediaId": "MEDIA_IN_1", "PicUrl": "http://mmbiz.example/pic"}))
	w.post(in, text) // the platform's retry of the same MsgId
	convs := w.conversations(in.ID)
	if len(convs) != 1 {
		t.Fatalf("%d conversations, want 1", len(convs))
	}
	ms := w.customerMessages(convs[0].ID)
	if len(ms) != 2 || ms[0].Content != "我的订单还没到" {
		t.Fatalf("customer messages %+v, want the text once and the image", ms)
	}
	(&tgWorld{s: w.s, o: w.o}).wantFile(ms[1], "image/png", wxPNG)
	wantWeChatContact(t, w.contact(convs[0].ContactID))
	if n := w.api.UserInfoCalls(); n != 1 {
		t.Errorf("user/info asked %d times for one sender, want 1", n)
	}
	wantWeChatReplies(t, w, convs[0].ID)
}

func wantWeChatContact(t *testing.T, c wxContact) {
	t.Helper()
	want := map[string]string{"wechat": wxAppID + ":o_buyer", "wechat_unionid": "u_union_buyer"}
	for _, id := range c.Identities {
		if want[id.Channel] == id.ExternalID && id.Verified {
			delete(want, id.Channel)
		}
	}
	if len(want) != 0 {
		t.Errorf("identities %+v lack verified %v", c.Identities, want)
	}
}

// wantWeChatReplies sends a text and an image reply, then revokes the token and replies again.
func wantWeChatReplies(t *testing.T, w *wxWorld, conv string) {
	owner := w.o.Tokens["owner"]
	fetches := w.api.TokenFetches(wxAppID)
	if fetches != 1 {
		t.Errorf("%d token fetches after saving the inbox, want 1 (the AppSecret check)", fetches)
	}
	w.s.mustReply(owner, conv, "您好，马上为您查询")
	var att struct {
		ID string `json:"id"`
	}
	w.s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", owner, "waybill.png", wxPNG).JSON(t, &att)
	w.s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", owner, map[string]any{"content": "运单", "attachment_ids": []string{att.ID}})
	waitFor(t, 10*time.Second, "three messages at the platform", func() bool { return len(w.sentTo("o_buyer")) >= 3 })
	sent, ups := w.sentTo("o_buyer"), w.api.Uploads()
	wantSentText(t, sent[0], "您好，马上为您查询")
	wantSentText(t, sent[1], "运单")
	if len(ups) != 1 || ups[0].Type != "image" || !bytes.Equal(ups[0].Data, wxPNG) || sent[2].MsgType != "image" || sent[2].MediaID != ups[0].MediaID {
		t.Errorf("image reply: uploads %+v, sent %+v; want the png uploaded, then sent by its media_id", ups, sent[2])
	}
	w.api.RevokeTokens(wxAppID)
	w.s.mustReply(owner, conv, "已经发货了")
	waitFor(t, 10*time.Second, "the reply after the revoked token", func() bool { return len(w.sentTo("o_buyer")) >= 4 })
	if got := w.api.TokenFetches(wxAppID); got != fetches+1 {
		t.Errorf("%d token fetches after one revoked token, want %d", got, fetches+1)
	}
}

// wantSentText checks a custom/send of text, body as posted.
func wantSentText(t *testing.T, s wechattest.Sent, text string) {
	t.Helper()
	var body struct {
		ToUser  string            `json:"touser"`
		MsgType string            `json:"msgtype"`
		Text    map[string]string `json:"text"`
	}
	if err := json.Unmarshal(s.Body, &body); err != nil || body.ToUser != "o_buyer" || body.MsgType != "text" || body.Text["content"] != text {
		t.Errorf("custom/send body %s, want text %q to o_buyer", s.Body, text)
	}
}

// A reply after the 48-hour window is refused when it is written, with reply_window_closed;
// a reply the platform refuses with 45015 (its clock closed the window first) fails for good
// with the reason the agent reads.
func TestWeChatReplyWindow(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	w.post(in, wxMsg("o_late", "text", wechattest.Fields{"Content": "在吗"}))
	conv := w.conversations(in.ID)[0].ID
	w.api.FailSend(45015)
	r := w.s.mustReply(w.o.Tokens["owner"], conv, "在的")
	d := w.s.waitDelivery(w.o.Tokens["owner"], conv, r.ID, "failed")
	if !strings.Contains(d.Error, "48-hour reply window has closed") {
		t.Errorf("delivery error %q, want the 48-hour window named", d.Error)
	}
	// The customer wrote 49 hours ago: moved back in the store as time would have.
	db := openWritableDB(t, w.s)
	db.mustExec(t, -1, `UPDATE messages SET created_at = ? WHERE conversation_id = ? AND sender_type = 'contact'`,
		time.Now().Add(-49*time.Hour).UnixMicro(), conv)
	late := w.s.do("POST", "/api/v1/conversations/"+conv+"/messages", w.o.Tokens["owner"], map[string]any{"content": "还在吗"})
	if late.Status != 422 || late.Code(t) != "reply_window_closed" {
		t.Errorf("reply after 49 hours: %d %s, want 422 reply_window_closed", late.Status, late.Body)
	}
}

// The console's URL check and a message work in each encryption mode: plaintext, compatible
// (plain fields and ciphertext side by side) and safe.
func TestWeChatEncryptionModes(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	for i, mode := range []string{kefu.WeChatPlaintext, kefu.WeChatCompatible, kefu.WeChatSafe} {
		in := w.mustInbox("wechat", []string{wxAppID, wxAppID2, wxAppID3}[i], mode, "")
		status, echo, err := in.cb.VerifyURL("echo-" + mode)
		if err != nil || status != 200 || echo != "echo-"+mode {
			t.Errorf("%s: URL check %d %q %v, want the echostr back", mode, status, echo, err)
		}
		w.post(in, wxMsg("o_mode", "text", wechattest.Fields{"Content": "hello in " + mode}))
		convs := w.conversations(in.ID)
		if len(convs) != 1 || w.customerMessages(convs[0].ID)[0].Content != "hello in "+mode {
			t.Errorf("%s: conversations %+v, want one with the message", mode, convs)
		}
	}
}
