package channel_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

const fakeType kefu.ChannelType = "fake"

// update is a fake platform's webhook payload, as a chat app would post it.
type update struct {
	ChatID  int64
	MsgID   int
	Name    string
	Email   string
	Type    string // "text", "photo", "voice", "location", "poll"
	Text    string
	Payload []byte // the bytes of a photo or voice note
	Place   string
	Thread  string // the conversation the platform's thread names (an email's In-Reply-To)
}

// fakeAdapter is a channel the way a real one is built: it normalises its platform's updates
// and hands them to the Receiver, and delivers replies through a durable job.
type fakeAdapter struct {
	rcv            *channel.Receiver
	orgID, inboxID string
}

func (a *fakeAdapter) Type() kefu.ChannelType { return fakeType }

func (a *fakeAdapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}, MaxTextBytes: 4096, ReplyWindow: 48 * time.Hour}
}

func (a *fakeAdapter) Deliver(context.Context, channel.Outbound) (channel.DeliveryResult, error) {
	return channel.DeliveryResult{PlatformMsgID: "sent-1"}, nil
}

// handle is the adapter's webhook: the update, normalised, received.
func (a *fakeAdapter) handle(ctx context.Context, u update) (*channel.Received, error) {
	in := channel.Inbound{
		OrgID: a.orgID, InboxID: a.inboxID,
		Sender:    channel.Sender{Channel: fakeType, ExternalID: fmt.Sprint(u.ChatID), Verified: true, Name: u.Name, Email: u.Email},
		MessageID: fmt.Sprintf("%d:%d", u.ChatID, u.MsgID),
		Text:      u.Text,

		ThreadConversationID: u.Thread,
	}
	switch u.Type {
	case "text":
		in.Kind = channel.KindText
	case "photo":
		in.Kind, in.Media = channel.KindImage, []channel.Media{media("photo.png", u.Payload)}
	case "voice":
		in.Kind, in.Media = channel.KindAudio, []channel.Media{media("voice.amr", u.Payload)}
	case "location":
		in.Kind, in.Fallback = channel.KindLocation, "[location] "+u.Place
	default:
		in.Kind = channel.KindUnsupported
	}
	return a.rcv.Receive(ctx, in)
}

func media(name string, b []byte) channel.Media {
	return channel.Media{FileName: name, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}}
}

// fixture is one organisation with an inbox of the fake channel, over the real store and
// the real contact and conversation services.
type fixture struct {
	st      *store.Store
	convs   *conversation.Service
	adapter *fakeAdapter
	owner   kefu.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.OpenSQLite(t)
	org := &kefu.Org{Name: "Shop", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	must(t, st.CreateOrgWithOwner(ctx, org, owner))
	inbox := &kefu.Inbox{OrgID: org.ID, Name: "Fake bot", Channel: fakeType, WidgetKey: "wk-" + strings.ToLower(rand.Text())}
	must(t, st.CreateInbox(ctx, inbox))
	blobs, err := blob.NewDisk(t.TempDir())
	must(t, err)
	convs := conversation.New(conversation.Options{Store: st, Blobs: blobs})
	rcv := channel.NewReceiver(contact.New(st, nil, nil), convs, nil)
	return &fixture{
		st: st, convs: convs,
		adapter: &fakeAdapter{rcv: rcv, orgID: org.ID, inboxID: inbox.ID},
		owner:   kefu.Actor{Kind: kefu.ActorAgent, OrgID: org.ID, AgentID: owner.ID, Role: kefu.RoleOwner},
	}
}

func (f *fixture) receive(t *testing.T, u update) *channel.Received {
	t.Helper()
	got, err := f.adapter.handle(context.Background(), u)
	if err != nil {
		t.Fatalf("receive %+v: %v", u, err)
	}
	return got
}

func (f *fixture) messages(t *testing.T, convID string) []kefu.Message {
	t.Helper()
	ms, err := f.convs.Messages(context.Background(), f.owner, convID, kefu.MessageQuery{Forward: true})
	must(t, err)
	return ms
}

func (f *fixture) conversations(t *testing.T, contactID string) []kefu.Conversation {
	t.Helper()
	cs, err := f.convs.ContactConversations(context.Background(), f.owner, contactID)
	must(t, err)
	return cs
}

func TestReceiveStartsThenContinuesAConversation(t *testing.T) {
	f := newFixture(t)
	first := f.receive(t, update{ChatID: 42, MsgID: 1, Name: "王小明", Type: "text", Text: "你好，我的订单还没到"})
	if !first.Started || first.Duplicate {
		t.Fatalf("first message: started=%v duplicate=%v, want a new conversation", first.Started, first.Duplicate)
	}
	c, err := f.st.FindContactByIdentity(context.Background(), f.adapter.orgID, fakeType, "42")
	must(t, err)
	if c.ID != first.Contact.ID || c.Name != "王小明" || !c.Identities[0].Verified {
		t.Errorf("contact by identity = %+v, want %s named 王小明 with a verified identity", c, first.Contact.ID)
	}
	m := first.Message
	if m.SenderType != kefu.SenderContact || m.SenderID != c.ID || m.Kind != kefu.KindText || m.Content != "你好，我的订单还没到" || m.ClientMsgID != "p:42:1" {
		t.Errorf("first message = %+v, want the text from the contact with client id p:42:1", m)
	}

	retry := f.receive(t, update{ChatID: 42, MsgID: 1, Name: "王小明", Type: "text", Text: "你好，我的订单还没到"})
	if !retry.Duplicate || retry.Started || retry.Message.ID != m.ID {
		t.Errorf("platform retry: duplicate=%v started=%v message %s, want the original %s", retry.Duplicate, retry.Started, retry.Message.ID, m.ID)
	}

	second := f.receive(t, update{ChatID: 42, MsgID: 2, Type: "text", Text: "单号 SF123"})
	if second.Started || second.Duplicate || second.Message.ConversationID != m.ConversationID || second.Message.Seq != m.Seq+1 {
		t.Errorf("second message: started=%v duplicate=%v in %s seq %d, want seq %d of %s",
			second.Started, second.Duplicate, second.Message.ConversationID, second.Message.Seq, m.Seq+1, m.ConversationID)
	}
	if got := f.messages(t, m.ConversationID); len(got) != 2 {
		t.Errorf("conversation holds %d messages, want 2 (the retry stored nothing)", len(got))
	}
	if cs := f.conversations(t, c.ID); len(cs) != 1 {
		t.Errorf("contact has %d conversations, want 1", len(cs))
	}
}

func TestReceiveAfterResolution(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first := f.receive(t, update{ChatID: 7, MsgID: 1, Type: "text", Text: "hello"})
	old := first.Message.ConversationID

	// Snoozed still counts as current: the customer's message lands there and wakes it.
	until := time.Now().Add(time.Hour)
	_, err := f.convs.SetStatus(ctx, f.owner, old, kefu.StatusSnoozed, &until)
	must(t, err)
	woke := f.receive(t, update{ChatID: 7, MsgID: 2, Type: "text", Text: "still there?"})
	conv, err := f.convs.Get(ctx, f.owner, old)
	must(t, err)
	if woke.Message.ConversationID != old || conv.Status != kefu.StatusOpen {
		t.Errorf("message to a snoozed conversation went to %s, status %s; want %s reopened", woke.Message.ConversationID, conv.Status, old)
	}

	// Resolved is over: the next message starts a new conversation...
	_, err = f.convs.SetStatus(ctx, f.owner, old, kefu.StatusResolved, nil)
	must(t, err)
	again := f.receive(t, update{ChatID: 7, MsgID: 3, Type: "text", Text: "one more thing"})
	if !again.Started || again.Message.ConversationID == old {
		t.Errorf("after resolution: started=%v in %s, want a new conversation", again.Started, again.Message.ConversationID)
	}
	// ...and a late retry of a message the resolved conversation holds is still recognised
	// when it would start one.
	_, err = f.convs.SetStatus(ctx, f.owner, again.Message.ConversationID, kefu.StatusResolved, nil)
	must(t, err)
	late := f.receive(t, update{ChatID: 7, MsgID: 2, Type: "text", Text: "still there?"})
	if !late.Duplicate || late.Message.ID != woke.Message.ID {
		t.Errorf("late retry: duplicate=%v message %s, want the original %s", late.Duplicate, late.Message.ID, woke.Message.ID)
	}
	if cs := f.conversations(t, first.Contact.ID); len(cs) != 2 {
		t.Errorf("contact has %d conversations, want 2", len(cs))
	}
}

func TestReceiveThreadedReply(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first := f.receive(t, update{ChatID: 9, MsgID: 1, Type: "text", Text: "order 1"})
	old := first.Message.ConversationID
	_, err := f.convs.SetStatus(ctx, f.owner, old, kefu.StatusResolved, nil)
	must(t, err)
	// A new conversation meanwhile: the thread, not recency, decides.
	other := f.receive(t, update{ChatID: 9, MsgID: 2, Type: "text", Text: "order 2"})
	if !other.Started || other.Message.ConversationID == old {
		t.Fatalf("second message after resolution: started=%v in %s, want a new conversation", other.Started, other.Message.ConversationID)
	}

	threaded := f.receive(t, update{ChatID: 9, MsgID: 3, Type: "text", Text: "about order 1", Thread: old})
	conv, err := f.convs.Get(ctx, f.owner, old)
	must(t, err)
	if threaded.Message.ConversationID != old || threaded.Started || conv.Status != kefu.StatusOpen {
		t.Errorf("threaded reply went to %s (started=%v), status %s; want %s reopened", threaded.Message.ConversationID, threaded.Started, conv.Status, old)
	}

	// Another customer naming that thread is not let in: their message starts their own.
	stranger := f.receive(t, update{ChatID: 10, MsgID: 1, Type: "text", Text: "let me in", Thread: old})
	if stranger.Message.ConversationID == old || !stranger.Started {
		t.Errorf("another contact's thread reply went to %s (started=%v), want a conversation of their own", stranger.Message.ConversationID, stranger.Started)
	}
	// A thread naming nothing kefu knows falls back to the current conversation.
	unknown := f.receive(t, update{ChatID: 9, MsgID: 4, Type: "text", Text: "hi", Thread: "0194b3c0-0000-7000-8000-000000000000"})
	if unknown.Message.ConversationID != old {
		t.Errorf("unknown thread went to %s, want the current conversation %s", unknown.Message.ConversationID, old)
	}
}

func TestReceiveKinds(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	amr := []byte("#!AMR\n\x3c\x48\xf5\x1f\x96\x66\x78\x00")
	tests := []struct {
		name        string
		u           update
		wantKind    kefu.MessageKind
		wantContent string
		wantFiles   int
	}{
		{"unsupported kind reads as its fallback", update{Type: "poll", Text: "Best day?"}, kefu.KindText, "[a message kefu cannot show]\nBest day?", 0},
		{"adapter's own fallback", update{Type: "location", Place: "北京市朝阳区"}, kefu.KindText, "[location] 北京市朝阳区", 0},
		{"blank text", update{Type: "text", Text: "  "}, kefu.KindText, "[empty message]", 0},
		{"photo kept with its caption", update{Type: "photo", Text: "broken on arrival", Payload: png}, kefu.KindImage, "broken on arrival", 1},
		{"voice kefu cannot keep", update{Type: "voice", Payload: amr}, kefu.KindText,
			"[voice message]\n[voice.amr was not kept: files of this type are not accepted]", 0},
		{"invalid UTF-8 made storable", update{Type: "text", Text: "caf\xe9\x00!"}, kefu.KindText, "caf\uFFFD!", 0},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.u.ChatID, tt.u.MsgID = int64(100+i), 1
			got := f.receive(t, tt.u)
			m := got.Message
			if m.Kind != tt.wantKind || m.Content != tt.wantContent || len(m.Attachments) != tt.wantFiles {
				t.Errorf("stored %s %q with %d attachments, want %s %q with %d", m.Kind, m.Content, len(m.Attachments), tt.wantKind, tt.wantContent, tt.wantFiles)
			}
			if !got.Started {
				t.Errorf("first message did not start a conversation")
			}
			if ms := f.messages(t, m.ConversationID); len(ms) != 1 {
				t.Errorf("conversation holds %d messages, want 1", len(ms))
			}
		})
	}
}

func TestReceiveMediaRetry(t *testing.T) {
	f := newFixture(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	u := update{ChatID: 9, MsgID: 5, Type: "photo", Payload: png}
	first := f.receive(t, u)
	retry := f.receive(t, u)
	if !retry.Duplicate || retry.Message.ID != first.Message.ID {
		t.Errorf("retried photo: duplicate=%v message %s, want the original %s", retry.Duplicate, retry.Message.ID, first.Message.ID)
	}
	if ms := f.messages(t, first.Message.ConversationID); len(ms) != 1 {
		t.Errorf("conversation holds %d messages, want 1", len(ms))
	}
}

// A customer's profile as the platform reports it is a hint: an address kefu refuses costs the
// contact that field, never the message.
func TestReceiveRefusedProfileHint(t *testing.T) {
	f := newFixture(t)
	got := f.receive(t, update{ChatID: 11, MsgID: 1, Name: "Ann", Email: "not an address", Type: "text", Text: "hi"})
	if got.Message.Content != "hi" || got.Contact.Email != "" {
		t.Errorf("stored %q for a contact with email %q, want the message and no email", got.Message.Content, got.Contact.Email)
	}
}

// Two messages a new customer sends at once open one conversation, not two.
func TestReceiveConcurrentFirstMessages(t *testing.T) {
	f := newFixture(t)
	const n = 8
	var wg sync.WaitGroup
	got := make([]*channel.Received, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			got[i], errs[i] = f.adapter.handle(context.Background(), update{ChatID: 77, MsgID: i, Type: "text", Text: fmt.Sprint("part ", i)})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	started := 0
	for _, r := range got {
		if r.Started {
			started++
		}
		if r.Message.ConversationID != got[0].Message.ConversationID {
			t.Errorf("messages landed in %s and %s, want one conversation", got[0].Message.ConversationID, r.Message.ConversationID)
		}
	}
	if started != 1 {
		t.Errorf("%d messages started a conversation, want 1", started)
	}
	if ms := f.messages(t, got[0].Message.ConversationID); len(ms) != n {
		t.Errorf("conversation holds %d messages, want %d", len(ms), n)
	}
}

func TestReceiveRefusesAdapterMistakes(t *testing.T) {
	f := newFixture(t)
	ok := channel.Inbound{
		OrgID: f.adapter.orgID, InboxID: f.adapter.inboxID, MessageID: "m1", Kind: channel.KindText, Text: "hi",
		Sender: channel.Sender{Channel: fakeType, ExternalID: "1"},
	}
	tests := []struct {
		name   string
		change func(*channel.Inbound)
		field  string
	}{
		{"no inbox", func(in *channel.Inbound) { in.InboxID = "" }, "inbox_id"},
		{"no sender channel", func(in *channel.Inbound) { in.Sender.Channel = "" }, "sender.channel"},
		{"no sender id", func(in *channel.Inbound) { in.Sender.ExternalID = "" }, "sender.external_id"},
		{"sender id too long", func(in *channel.Inbound) { in.Sender.ExternalID = strings.Repeat("x", 256) }, "sender.external_id"},
		{"no platform message id", func(in *channel.Inbound) { in.MessageID = "" }, "message_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.change(&in)
			_, err := f.adapter.rcv.Receive(context.Background(), in)
			var ke *kefu.Error
			if kefu.ErrorCode(err) != kefu.CodeInvalid || !asKefuError(err, &ke) || ke.Field != tt.field {
				t.Errorf("Receive() = %v, want invalid_input on %s", err, tt.field)
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	f := newFixture(t)
	web := webAdapter{}
	reg, err := channel.NewRegistry(web, f.adapter)
	must(t, err)
	if _, err := channel.NewRegistry(web, webAdapter{}); err == nil {
		t.Errorf("NewRegistry with two web adapters succeeded, want an error")
	}
	if got := reg.Types(); len(got) != 2 || got[0] != fakeType || got[1] != kefu.ChannelWeb {
		t.Errorf("Types() = %v, want [fake web]", got)
	}
	if caps, ok := reg.Capabilities(fakeType); !ok || caps.ReplyWindow != 48*time.Hour || caps.CanSend(kefu.KindFile) || !caps.CanSend(kefu.KindText) {
		t.Errorf("Capabilities(fake) = %+v, %v", caps, ok)
	}
	if _, ok := reg.Capabilities("wechat"); ok {
		t.Errorf("Capabilities of an unregistered type reported")
	}
	reply := &kefu.Message{SenderType: kefu.SenderAgent, Kind: kefu.KindText}
	tests := []struct {
		name string
		t    kefu.ChannelType
		m    *kefu.Message
		want bool
	}{
		{"agent reply on an external channel", fakeType, reply, true},
		{"bot reply on an external channel", fakeType, &kefu.Message{SenderType: kefu.SenderBot, Kind: kefu.KindText}, true},
		{"agent reply on a realtime channel", kefu.ChannelWeb, reply, false},
		{"customer's own message", fakeType, &kefu.Message{SenderType: kefu.SenderContact, Kind: kefu.KindText}, false},
		{"internal note", fakeType, &kefu.Message{SenderType: kefu.SenderAgent, Kind: kefu.KindNote}, false},
		{"activity entry", fakeType, &kefu.Message{SenderType: kefu.SenderSystem, Kind: kefu.KindEvent}, false},
		{"unregistered channel", "wechat", reply, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := reg.Deliverer(tt.t, tt.m)
			if ok != tt.want || (ok && a.Type() != tt.t) {
				t.Errorf("Deliverer(%s, %s %s) = %v, %v; want %v", tt.t, tt.m.SenderType, tt.m.Kind, a, ok, tt.want)
			}
		})
	}
}

// webAdapter is a realtime channel, as the widget is (webchat tests its own adapter).
type webAdapter struct{}

func (webAdapter) Type() kefu.ChannelType { return kefu.ChannelWeb }
func (webAdapter) Capabilities() channel.Capabilities {
	return channel.Capabilities{Sends: []kefu.MessageKind{kefu.KindText}, Realtime: true}
}
func (webAdapter) Deliver(context.Context, channel.Outbound) (channel.DeliveryResult, error) {
	return channel.DeliveryResult{Realtime: true}, nil
}

func asKefuError(err error, target **kefu.Error) bool {
	e, ok := err.(*kefu.Error)
	*target = e
	return ok
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
