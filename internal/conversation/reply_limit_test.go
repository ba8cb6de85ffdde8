package conversation_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// wecomLimits is the channel configuration the send path reads: a WeCom inbox takes text,
// at most maxReplies per customer message.
type wecomLimits struct{ maxReplies int }

func (l wecomLimits) Limits(t kefu.ChannelType) (conversation.ChannelLimits, bool) {
	if t != kefu.ChannelWeCom {
		return conversation.ChannelLimits{}, false
	}
	return conversation.ChannelLimits{Sends: []kefu.MessageKind{kefu.KindText}, MaxRepliesPerWindow: l.maxReplies}, true
}

// limitedConversation is a conversation of a new WeCom inbox in w, on a service whose channel
// takes maxReplies replies per customer message; its replies get delivery records as the
// real channel's do.
func (e *env) limitedConversation(t *testing.T, w *world, maxReplies int) (*conversation.Service, *kefu.Conversation) {
	t.Helper()
	ctx := context.Background()
	e.st.SetDeliveryPolicy(func(ch kefu.ChannelType, _ *kefu.Message) bool { return ch == kefu.ChannelWeCom })
	in := &kefu.Inbox{OrgID: w.org.ID, Name: "WeCom", Channel: kefu.ChannelWeCom, WidgetKey: unique("wk")}
	kefutest.Must(t, e.st.CreateInbox(ctx, in))
	c, err := e.st.CreateConversation(ctx, &kefu.Conversation{OrgID: w.org.ID, InboxID: in.ID, ContactID: w.contact.ID})
	kefutest.Must(t, err)
	svc := conversation.New(conversation.Options{Store: e.st, Presence: e.presence, Ephemeral: e.ephemeral, Channels: wecomLimits{maxReplies}})
	return svc, c
}

// The platform's reply count: after maxReplies replies to one customer message the next reply is
// refused with reply_limit_reached and nothing is stored; a note still goes in; a failed
// delivery gives its place back; the customer's next message starts a new count.
func TestReplyLimit(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		w := e.mustWorld(t, false)
		svc, c := e.limitedConversation(t, w, 2)
		agent := kefutest.AgentActor(w.owner)
		send := func(content string, kind kefu.MessageKind) (*kefu.Message, error) {
			m, _, err := svc.Send(ctx, agent, kefu.SendRequest{ConversationID: c.ID, Content: content, Kind: kind})
			return m, err
		}
		e.appendContact(t, w, c, "hello")
		first, err := send("one", "")
		kefutest.Must(t, err)
		_, err = send("two", "")
		kefutest.Must(t, err)
		before := e.conversation(t, w, c.ID).LastSeq
		_, err = send("three", "")
		kefutest.WantCode(t, "third reply", err, kefu.CodeReplyLimitReached)
		if got := e.conversation(t, w, c.ID).LastSeq; got != before {
			t.Errorf("last seq after the refused reply = %d, want %d", got, before)
		}
		_, err = send("internal", kefu.KindNote)
		kefutest.Must(t, err)
		kefutest.Must(t, e.st.StartDeliveryAttempt(ctx, w.org.ID, first.ID))
		_, err = e.st.FinishDeliveryAttempt(ctx, w.org.ID, first.ID, kefu.DeliveryOutcome{Status: kefu.DeliveryFailed, Error: "refused"})
		kefutest.Must(t, err)
		_, err = send("three again", "")
		kefutest.Must(t, err)
		_, err = send("four", "")
		kefutest.WantCode(t, "reply past the limit", err, kefu.CodeReplyLimitReached)
		e.appendContact(t, w, c, "thanks")
		_, err = send("welcome", "")
		kefutest.Must(t, err)
	})
}

// appendContact stores a message of the conversation's contact.
func (e *env) appendContact(t *testing.T, w *world, c *kefu.Conversation, content string) {
	t.Helper()
	_, _, err := e.st.AppendMessage(context.Background(), &kefu.Message{OrgID: w.org.ID, ConversationID: c.ID,
		SenderType: kefu.SenderContact, SenderID: w.contact.ID, Kind: kefu.KindText, Content: content}, nil)
	kefutest.Must(t, err)
}
