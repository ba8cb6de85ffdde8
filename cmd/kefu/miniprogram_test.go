package main

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// A mini program set to JSON: entering the customer-service session queues the greeting;
// text, an image and a page card arrive as one conversation (the card as its title and page
// with its thumbnail); a reply goes out through the same send API from the mini program's
// account.
func TestMiniProgramMessages(t *testing.T) {
	w := mustWeChatWorld(t, databases()[0])
	in := w.mustInbox("miniprogram", wxMPAppID, kefu.WeChatSafe, "json")
	w.api.AddMedia("MP_IMG", wxPNG)
	w.api.AddMedia("MP_THUMB", wxPNG)
	enter := wxEvent("o_mp_user", "user_enter_tempsession", "")
	enter["SessionFrom"] = "order-page"
	w.post(in, enter)
	waitFor(t, 10*time.Second, "the greeting", func() bool { return len(w.sentTo("o_mp_user")) > 0 })
	if g := w.sentTo("o_mp_user")[0]; g.AppID != wxMPAppID || g.Content != wxGreeting {
		t.Errorf("greeting %+v, want the inbox's greeting from the mini program", g)
	}
	w.post(in, wxMsg("o_mp_user", "text", wechattest.Fields{"Content": "商品什么时候发货"}))
	w.post(in, wxMsg("o_mp_user", "image", wechattest.Fields{"MediaId": "MP_IMG", "PicUrl": "http://mmbiz.example/x"}))
	w.post(in, wxMsg("o_mp_user", "miniprogrampage", wechattest.Fields{"Title": "春季新品", "AppId": wxMPAppID,
		"PagePath": "pages/item?id=7", "ThumbUrl": "http://mmbiz.example/t", "ThumbMediaId": "MP_THUMB"}))
	convs := w.conversations(in.ID)
	if len(convs) != 1 {
		t.Fatalf("%d conversations, want 1", len(convs))
	}
	ms := w.customerMessages(convs[0].ID)
	if len(ms) != 3 || ms[0].Content != "商品什么时候发货" || ms[2].Content != "春季新品\npage: pages/item?id=7" {
		t.Fatalf("messages %+v, want the text, the image and the card", ms)
	}
	tg := &tgWorld{s: w.s, o: w.o}
	tg.wantFile(ms[1], "image/png", wxPNG)
	tg.wantFile(ms[2], "image/png", wxPNG)
	if n := w.api.UserInfoCalls(); n != 0 {
		t.Errorf("user/info called %d times for a mini program, which has no such API", n)
	}
	w.s.mustReply(w.o.Tokens["owner"], convs[0].ID, "明天发货")
	waitFor(t, 10*time.Second, "the reply", func() bool { return len(w.sentTo("o_mp_user")) >= 2 })
	if r := w.sentTo("o_mp_user")[1]; r.AppID != wxMPAppID || r.Content != "明天发货" {
		t.Errorf("reply %+v, want text from the mini program", r)
	}
}
