package telegram

import (
	"context"
	"io"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestInboundKinds(t *testing.T) {
	tests := []struct {
		name      string
		fields    map[string]any
		kind      channel.Kind
		text      string
		fallback  string
		mediaName string
	}{
		{"text", map[string]any{"text": "你好"}, channel.KindText, "你好", "", ""},
		{"photo: largest size, caption", map[string]any{"caption": "broken", "photo": []map[string]any{
			{"file_id": "small", "width": 90, "height": 90}, {"file_id": "big", "width": 1280, "height": 960}, {"file_id": "mid", "width": 320, "height": 240}}},
			channel.KindImage, "broken", "", "photo.jpg"},
		{"document", map[string]any{"document": map[string]any{"file_id": "doc", "file_name": "invoice.pdf"}}, channel.KindFile, "", "", "invoice.pdf"},
		{"voice", map[string]any{"voice": map[string]any{"file_id": "v", "mime_type": "audio/ogg"}}, channel.KindAudio, "", "", "voice.ogg"},
		{"video", map[string]any{"video": map[string]any{"file_id": "vid"}, "caption": "look"}, channel.KindVideo, "look", "", ""},
		{"sticker", map[string]any{"sticker": map[string]any{"file_id": "st", "emoji": "😀"}}, channel.KindSticker, "", "[sticker] 😀", ""},
		{"location", map[string]any{"location": map[string]any{"latitude": 39.9, "longitude": 116.4}}, channel.KindLocation, "", "[location] 39.900000, 116.400000", ""},
		{"contact", map[string]any{"contact": map[string]any{"phone_number": "+86 138", "first_name": "Li"}}, channel.KindUnsupported, "", "[contact card] Li  +86 138", ""},
		{"poll", map[string]any{"poll": map[string]any{"question": "?"}}, channel.KindUnsupported, "", "", ""},
	}
	f := newFixture(t, "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u update
			mustDecode(t, telegramtest.PrivateMessage(42, 7, tt.fields), &u)
			in, ok := f.a.inbound(f.inbox, &u)
			if !ok {
				t.Fatal("update dropped, want a message")
			}
			if in.Kind != tt.kind || in.Text != tt.text || in.Fallback != tt.fallback {
				t.Errorf("kind %s text %q fallback %q, want %s %q %q", in.Kind, in.Text, in.Fallback, tt.kind, tt.text, tt.fallback)
			}
			if got := mediaName(in); got != tt.mediaName {
				t.Errorf("media %q, want %q", got, tt.mediaName)
			}
		})
	}
}

func mediaName(in channel.Inbound) string {
	if len(in.Media) == 0 {
		return ""
	}
	return in.Media[0].FileName
}

func TestInboundSender(t *testing.T) {
	f := newFixture(t, "")
	var u update
	mustDecode(t, telegramtest.PrivateMessage(42, 7, map[string]any{"text": "hi"}), &u)
	in, _ := f.a.inbound(f.inbox, &u)
	s := in.Sender
	if in.MessageID != "42:7" || in.OrgID != f.inbox.OrgID || in.InboxID != f.inbox.ID {
		t.Errorf("message id %q in %s/%s, want 42:7 in the inbox", in.MessageID, in.OrgID, in.InboxID)
	}
	if s.Channel != "telegram" || s.ExternalID != "42" || !s.Verified || s.Name != "Ivan Petrov" || s.Attributes["telegram_username"] != "ivanp" {
		t.Errorf("sender %+v, want verified telegram user 42 Ivan Petrov (ivanp)", s)
	}
}

func TestInboundDropped(t *testing.T) {
	group := telegramtest.PrivateMessage(42, 7, map[string]any{"text": "hi", "chat": map[string]any{"id": -100, "type": "supergroup"}})
	fromBot := telegramtest.PrivateMessage(42, 7, map[string]any{"text": "hi", "from": map[string]any{"id": 42, "is_bot": true, "first_name": "B"}})
	edited := map[string]any{"edited_message": telegramtest.PrivateMessage(42, 7, map[string]any{"text": "hi!"})["message"]}
	f := newFixture(t, "")
	for name, raw := range map[string]map[string]any{"group": group, "from a bot": fromBot, "edit": edited, "callback": {"callback_query": map[string]any{"id": "1"}}} {
		var u update
		mustDecode(t, raw, &u)
		if in, ok := f.a.inbound(f.inbox, &u); ok {
			t.Errorf("%s: taken as %+v, want dropped", name, in)
		}
	}
}

// A medium is downloaded with getFile and the file URL only when the Receiver opens it.
func TestInboundMediaDownload(t *testing.T) {
	f := newFixture(t, "")
	f.api.AddFile("doc", []byte("%PDF-1.4 invoice"))
	var u update
	mustDecode(t, telegramtest.PrivateMessage(42, 7, map[string]any{"document": map[string]any{"file_id": "doc", "file_name": "invoice.pdf"}}), &u)
	in, _ := f.a.inbound(f.inbox, &u)
	if n := len(f.api.Calls()); n != 0 {
		t.Errorf("%d calls before the medium was opened, want 0", n)
	}
	rc, err := in.Media[0].Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if string(got) != "%PDF-1.4 invoice" {
		t.Errorf("downloaded %q, want the document", got)
	}
}

// A file Telegram will not hand over is a note for the agent, not a failure that Telegram
// (or the poller) would retry forever; Telegram failing for now is retried.
func TestInboundMediaRefused(t *testing.T) {
	tests := []struct {
		name string
		fail telegramtest.Failure
		want kefu.Code
	}{
		{"too big", telegramtest.Failure{Code: 400, Description: "Bad Request: file is too big"}, kefu.CodeTooLarge},
		{"bad file id", telegramtest.Failure{Code: 400, Description: "Bad Request: invalid file_id"}, kefu.CodeUnsupportedType},
		{"Telegram down", telegramtest.Failure{Code: 502, Description: "Bad Gateway"}, kefu.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "")
			f.api.Fail("getFile", tt.fail)
			var u update
			mustDecode(t, telegramtest.PrivateMessage(42, 7, map[string]any{"document": map[string]any{"file_id": "big"}}), &u)
			in, _ := f.a.inbound(f.inbox, &u)
			_, err := in.Media[0].Open(context.Background())
			if err == nil || kefu.ErrorCode(err) != tt.want {
				t.Errorf("Open = %v (%s), want %s", err, kefu.ErrorCode(err), tt.want)
			}
		})
	}
}
