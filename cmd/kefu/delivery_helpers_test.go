package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// textOnly is a test channel that takes text replies up to 1,000 bytes.
var textOnly = channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}, MaxTextBytes: 1000}

// deliveryMain is kefu on db with the test channel delivering to platformURL, retrying quickly.
func deliveryMain(t testing.TB, db database, platformURL string, caps channel.Capabilities) *Main {
	return deliveryMainWith(testConfig(t, db), platformURL, caps)
}

// deliveryMainWith is deliveryMain on cfg.
func deliveryMainWith(cfg config.Config, platformURL string, caps channel.Capabilities) *Main {
	return &Main{Config: cfg, Version: "test",
		ExtraAdapters: []channel.Adapter{&channeltest.Adapter{URL: platformURL, Caps: caps}},
		JobBackoff:    jobs.Backoff{Base: 20 * time.Millisecond, Max: 100 * time.Millisecond}, JobPoll: 20 * time.Millisecond}
}

// mustChannelConversation makes an inbox of the test channel, a customer with an identity on it
// and a conversation the customer started there, as the channel's inbound side would; it
// returns the conversation's id.
func mustChannelConversation(t testing.TB, st *store.Store, orgID, externalID string) string {
	t.Helper()
	ctx := context.Background()
	in := &kefu.Inbox{OrgID: orgID, Name: "Test channel", Channel: channeltest.Type, WidgetKey: "test-" + externalID + "-" + orgID}
	if err := st.CreateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	ct := &kefu.Contact{OrgID: orgID, Name: "Customer " + externalID,
		Identities: []kefu.Identity{{Channel: channeltest.Type, ExternalID: externalID, Verified: true}}}
	if err := st.CreateContact(ctx, ct); err != nil {
		t.Fatal(err)
	}
	first := &kefu.Message{OrgID: orgID, SenderType: kefu.SenderContact, SenderID: ct.ID, Content: "hello", ClientMsgID: "p:1"}
	conv, _, _, err := st.StartConversation(ctx, &kefu.Conversation{OrgID: orgID, InboxID: in.ID, ContactID: ct.ID}, first)
	if err != nil {
		t.Fatal(err)
	}
	return conv.ID
}

// deliveryJSON is a message's delivery as the API shows it.
type deliveryJSON struct {
	Status        string     `json:"status"`
	Error         string     `json:"error"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	PlatformMsgID string     `json:"platform_msg_id"`
}

// sentReply is an agent's reply as the send endpoint answered it.
type sentReply struct {
	ID          string        `json:"id"`
	ClientMsgID string        `json:"client_msg_id"`
	Delivery    *deliveryJSON `json:"delivery"`
}

var replyCounter atomic.Int64

// mustReply sends an agent's reply and returns it as answered.
func (s *testServer) mustReply(token, convID, text string) sentReply {
	s.t.Helper()
	var out struct {
		Message sentReply `json:"message"`
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+convID+"/messages", token,
		map[string]string{"content": text, "client_msg_id": "r-" + itoa(replyCounter.Add(1))}).JSON(s.t, &out)
	return out.Message
}

// delivery reads a message's delivery from the agents' message list; nil when it has none.
func (s *testServer) delivery(token, convID, msgID string) *deliveryJSON {
	s.t.Helper()
	var out struct {
		Messages []sentReply `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+convID+"/messages", token, nil).JSON(s.t, &out)
	for _, m := range out.Messages {
		if m.ID == msgID {
			return m.Delivery
		}
	}
	s.t.Fatalf("message %s is not in conversation %s", msgID, convID)
	return nil
}

// waitDelivery polls until the message's delivery has status want, and returns it.
func (s *testServer) waitDelivery(token, convID, msgID, want string) *deliveryJSON {
	s.t.Helper()
	var d *deliveryJSON
	deadline := time.Now().Add(15 * time.Second)
	for {
		if d = s.delivery(token, convID, msgID); d != nil && d.Status == want {
			return d
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("delivery of %s: %+v, want status %s", msgID, d, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
