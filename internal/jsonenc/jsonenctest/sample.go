package jsonenctest

import (
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SampleContent is a visitor's text message of about 100 bytes of Chinese.
const SampleContent = "您好，我想问一下我上周五下的订单什么时候发货？订单号是 12345，谢谢！"

// SampleEvent returns the same message.created every time, as a visitor's text message makes
// it, with its conversation: the input of the codec benchmarks here and in bench/codecs, which
// compare encoders on it.
func SampleEvent() *kefu.Event {
	at := time.Date(2026, 11, 1, 9, 30, 15, 123456789, time.UTC)
	conv := &kefu.Conversation{ID: "0193a6f0-0000-7000-8000-000000000001", OrgID: "0193a6f0-0000-7000-8000-0000000000aa",
		InboxID: "0193a6f0-0000-7000-8000-0000000000bb", ContactID: "0193a6f0-0000-7000-8000-0000000000cc",
		Status: kefu.StatusOpen, AssigneeID: "0193a6f0-0000-7000-8000-0000000000dd", Priority: kefu.PriorityMedium,
		Labels: []string{"vip"}, LastSeq: 17, ContactLastReadSeq: 16, AgentLastReadSeq: 15,
		LastActivityAt: at, WaitingSince: &at, CreatedAt: at.Add(-time.Hour), UpdatedAt: at}
	msg := &kefu.Message{ID: "0193a6f0-0000-7000-8000-000000000002", OrgID: conv.OrgID, ConversationID: conv.ID, Seq: 17,
		SenderType: kefu.SenderContact, SenderID: conv.ContactID, SenderName: "王小明", Kind: kefu.KindText,
		Content: SampleContent, ClientMsgID: "9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d", CreatedAt: at, Attachments: []kefu.Attachment{}}
	return &kefu.Event{OrgID: conv.OrgID, Seq: 4242, Type: kefu.EventMessageCreated, ConversationID: conv.ID,
		ContactID: conv.ContactID, InboxID: conv.InboxID, Message: msg, Conversation: conv, CreatedAt: at}
}
