package main

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// wxMP4 is the start of an MP4 file: enough for kefu to sniff video/mp4.
var wxMP4 = append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), make([]byte, 64)...)

// The other kinds of the Official Account: a voice note keeps its recognised text, a video
// is fetched through the video_url media/get answers, a location and a link read as text, a
// menu click is a message; a QR scan is kept on the contact and a VIEW event is dropped.
func TestWeChatMessageKinds(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatCompatible, "")
	w.api.AddMedia("VOICE_1", tgOGG)
	w.api.AddVideo("VIDEO_1", wxMP4)
	const who = "o_kinds"
	w.post(in, wxMsg(who, "voice", wechattest.Fields{"MediaId": "VOICE_1", "Format": "amr", "Recognition": "我要退货"}))
	w.post(in, wxMsg(who, "video", wechattest.Fields{"MediaId": "VIDEO_1", "ThumbMediaId": "THUMB"}))
	w.post(in, wxMsg(who, "location", wechattest.Fields{"Location_X": "31.230000", "Location_Y": "121.470000", "Scale": 15, "Label": "上海市黄浦区"}))
	w.post(in, wxMsg(who, "link", wechattest.Fields{"Title": "订单详情", "Description": "订单 1234", "Url": "https://shop.example.com/o/1234"}))
	w.post(in, wxEvent(who, "CLICK", "V1001_HELP"))
	w.post(in, wxEvent(who, "SCAN", "store-42"))
	w.post(in, wxEvent(who, "VIEW", "https://shop.example.com"))
	convs := w.conversations(in.ID)
	if len(convs) != 1 {
		t.Fatalf("%d conversations, want 1", len(convs))
	}
	ms := w.customerMessages(convs[0].ID)
	want := []string{"我要退货", "", "[location] 上海市黄浦区 (31.230000, 121.470000)",
		"[link] 订单详情\n订单 1234\nhttps://shop.example.com/o/1234", "Menu: V1001_HELP"}
	if len(ms) != len(want) {
		t.Fatalf("%d messages %+v, want %d", len(ms), ms, len(want))
	}
	for i, m := range ms {
		if !strings.Contains(m.Content, want[i]) {
			t.Errorf("message %d: %q, want %q", i, m.Content, want[i])
		}
	}
	tg := &tgWorld{s: w.s, o: w.o}
	tg.wantFile(ms[0], "application/ogg", tgOGG)
	tg.wantFile(ms[1], "video/mp4", wxMP4)
	if c := w.contactOf(kefu.ChannelWeChat, wxAppID+":"+who); c.Attributes["wechat_scene"] != "store-42" {
		t.Errorf("attributes %v, want the scanned scene", c.Attributes)
	}
}

// The platform's refusals of a reply: the reply limit and an unfollowed user fail for good
// with the reason the agent reads; a busy platform (45009, -1) is tried again and the reply
// goes out.
func TestWeChatDeliveryErrors(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	w.post(in, wxMsg("o_err", "text", wechattest.Fields{"Content": "hi"}))
	conv, owner := w.conversations(in.ID)[0].ID, w.o.Tokens["owner"]
	for _, tc := range []struct {
		code   int
		status string
		reason string
	}{
		{45047, "failed", "reply limit"},
		{43004, "failed", "no longer follows"},
		{45009, "sent", ""},
		{-1, "sent", ""},
	} {
		w.api.FailSend(tc.code)
		r := w.s.mustReply(owner, conv, "reply after "+itoa(int64(tc.code)))
		d := w.s.waitDelivery(owner, conv, r.ID, tc.status)
		if !strings.Contains(d.Error, tc.reason) || (tc.status == "sent" && d.Attempts != 2) {
			t.Errorf("errcode %d: %+v, want %s after the attempts it takes, saying %q", tc.code, d, tc.status, tc.reason)
		}
	}
}

// Saving an inbox checks the AppSecret with the platform: a wrong secret, an unknown AppID and
// a server IP off the allow-list are refused with what to fix; nothing is created.
func TestWeChatInboxCredentials(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	create := func(app, secret string) response {
		return w.s.do("POST", "/api/v1/inboxes", w.o.Tokens["owner"], map[string]any{
			"name": "OA", "channel": "wechat", "config": map[string]any{"wechat": map[string]any{"app_id": app}},
			"secrets": map[string]any{"app_secret": secret}})
	}
	for _, tc := range []struct {
		name, app, secret, says, field string
		deny                           bool
	}{
		{"wrong secret", wxAppID, "not-the-secret-0123456789abcdef", "AppSecret", "secrets.app_secret", false},
		{"unknown AppID", "wx9999999999999999", wxSecret, "AppID", "config.wechat.app_id", false},
		{"IP not allow-listed", wxAppID, wxSecret, "IP", "secrets.app_secret", true},
	} {
		w.api.DenyIP(tc.deny)
		r := create(tc.app, tc.secret)
		if r.Status != 422 && r.Status != 400 || r.Code(t) != "invalid_input" || !strings.Contains(string(r.Body), tc.says) ||
			!strings.Contains(string(r.Body), `"location":"`+tc.field+`"`) {
			t.Errorf("%s: %d %s, want invalid_input naming %s at %s", tc.name, r.Status, r.Body, tc.says, tc.field)
		}
	}
	w.api.DenyIP(false)
	var list struct {
		Inboxes []struct {
			Channel string `json:"channel"`
		} `json:"inboxes"`
	}
	w.s.mustDo(200, "GET", "/api/v1/inboxes", w.o.Tokens["owner"], nil).JSON(t, &list)
	for _, in := range list.Inboxes {
		if in.Channel == "wechat" {
			t.Errorf("a refused WeChat inbox was created")
		}
	}
}

// One person following two of the organisation's Official Accounts has an OpenID per account
// and one UnionID: both accounts' messages belong to one contact.
func TestWeChatUnionIDJoinsAccounts(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	a := w.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")
	b := w.mustInbox("wechat", wxAppID2, kefu.WeChatSafe, "")
	w.api.SetUnionID("o_in_a", "u_same_person")
	w.api.SetUnionID("o_in_b", "u_same_person")
	w.post(a, wxMsg("o_in_a", "text", wechattest.Fields{"Content": "from account A"}))
	w.post(b, wxMsg("o_in_b", "text", wechattest.Fields{"Content": "from account B"}))
	ca, cb := w.conversations(a.ID), w.conversations(b.ID)
	if len(ca) != 1 || len(cb) != 1 || ca[0].ContactID != cb[0].ContactID {
		t.Fatalf("conversations %+v and %+v, want one each of the same contact", ca, cb)
	}
	ids := map[string]bool{}
	for _, id := range w.contact(ca[0].ContactID).Identities {
		ids[id.Channel+" "+id.ExternalID] = id.Verified
	}
	for _, want := range []string{"wechat " + wxAppID + ":o_in_a", "wechat " + wxAppID2 + ":o_in_b", "wechat_unionid u_same_person"} {
		if !ids[want] {
			t.Errorf("identities %v lack verified %s", ids, want)
		}
	}
}
