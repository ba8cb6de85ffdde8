package main

import (
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wechattest"
	"github.com/kefu-dev/kefu/internal/channel/wecom/wecomtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// One person follows the shop's Official Account and writes to its WeCom customer-service
// account: two platforms, an OpenID and an external_userid, one UnionID. Both conversations
// belong to one contact, which holds all three identities.
func TestWeChatAndWeComShareOneContactByUnionID(t *testing.T) {
	oa := wechattest.NewServer(t)
	oa.AddApp(wxAppID, wxSecret)
	wc := wecomtest.NewServer(t, wcCorp, wcSecret)
	cfg := testConfig(t, databases()[0])
	cfg.WeChatAPIURL, cfg.WeComAPIURL = oa.URL, wc.URL
	s := mustRun(t, &Main{Config: cfg, Version: "test", ChannelPoll: 50 * time.Millisecond, JobPoll: 50 * time.Millisecond})
	o := s.mustSetupOrg("Doors")
	wx := &wxWorld{s: s, api: oa, o: o}
	we := &wcWorld{s: s, api: wc, o: o}
	we.inbox, we.cb = we.mustInbox(wcCorp, wcKf, wcSecret)
	in := wx.mustInbox("wechat", wxAppID, kefu.WeChatSafe, "")

	oa.SetUnionID("o_same_person", "u_same_person")
	wc.AddCustomer("wm_same_person", wecomtest.Customer{Nickname: "王五", UnionID: "u_same_person"})
	wx.post(in, wxMsg("o_same_person", "text", wechattest.Fields{"Content": "公众号里问一下"}))
	wc.AddMessage(wcKf, wecomtest.Text("wc-1", "wm_same_person", "微信客服里再问一下", time.Now().Unix()))
	we.notify("union-1")

	viaWeCom, _ := we.waitMessages(we.inbox, 1)
	viaOA := wx.conversations(in.ID)
	if len(viaOA) != 1 || viaOA[0].ContactID != viaWeCom.ContactID {
		t.Fatalf("Official Account conversations %+v and WeCom contact %s: want both on one contact", viaOA, viaWeCom.ContactID)
	}
	want := map[string]string{"wechat": wxAppID + ":o_same_person", "wecom": wcCorp + ":wm_same_person", "wechat_unionid": "u_same_person"}
	for _, id := range wx.contact(viaWeCom.ContactID).Identities {
		if want[id.Channel] == id.ExternalID && id.Verified {
			delete(want, id.Channel)
		}
	}
	if len(want) != 0 {
		t.Errorf("the contact lacks the verified identities %v", want)
	}
}
