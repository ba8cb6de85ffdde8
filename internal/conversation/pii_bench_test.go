package conversation_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/masking"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// BenchmarkMaskEventForAgents measures what masking adds to the fan-out of one message event:
// an organisation whose inboxes are all off (the path every message takes without a policy),
// and an inbox that masks a typical message holding a phone number.
func BenchmarkMaskEventForAgents(b *testing.B) {
	ctx := context.Background()
	st := storetest.OpenSQLite(b)
	org := &kefu.Org{Name: "Bench", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "bench-owner@example.com", Name: "Owner", Role: kefu.RoleOwner, PasswordHash: "x"}
	if err := st.CreateOrgWithOwner(ctx, org, owner); err != nil {
		b.Fatal(err)
	}
	in := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: "wk-bench"}
	if err := st.CreateInbox(ctx, in); err != nil {
		b.Fatal(err)
	}
	policies := masking.New(masking.Options{Store: st})
	svc := conversation.New(conversation.Options{Store: st, PII: policies})
	ev := &kefu.Event{OrgID: org.ID, InboxID: in.ID, Type: kefu.EventMessageCreated, Message: &kefu.Message{
		Content: "你好，我上周下的订单还没有收到，订单号 2024061200123，麻烦帮我查一下，我的电话是 138-1234-5678，谢谢！"}}
	run := func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			svc.MaskEventForAgents(ev)
		}
	}
	b.Run("off", run)
	in.PIIPolicy = kefu.PIIMask
	if err := st.UpdateInbox(ctx, in); err != nil {
		b.Fatal(err)
	}
	policies.Invalidate(org.ID)
	b.Run("mask", run)
}
