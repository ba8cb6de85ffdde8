package telegram

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/channel/telegram/telegramtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// outbound is a reply to Telegram user 42 with the given attachments, whose bytes are their
// file names' contents in files.
func (f *fixture) outbound(text string, files map[string][]byte, atts ...kefu.Attachment) channel.Outbound {
	return channel.Outbound{
		Inbox: f.inbox, Message: &kefu.Message{ID: "m1", Content: text, Attachments: atts},
		To: kefu.Identity{Channel: kefu.ChannelTelegram, ExternalID: "42"}, Attempt: 1,
		OpenAttachment: func(_ context.Context, a kefu.Attachment) (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(string(files[a.FileName]))), nil
		},
	}
}

func TestDeliverText(t *testing.T) {
	f := newFixture(t, "")
	res, err := f.a.Deliver(context.Background(), f.outbound("您好，订单已发货", nil))
	if err != nil {
		t.Fatal(err)
	}
	sent := f.api.Sent()
	if len(sent) != 1 || sent[0].Method != "sendMessage" || sent[0].ChatID != "42" || sent[0].Text != "您好，订单已发货" {
		t.Fatalf("sent %+v, want one sendMessage to chat 42", sent)
	}
	if res.PlatformMsgID != "1" {
		t.Errorf("platform id %q, want 1", res.PlatformMsgID)
	}
}

func TestDeliverFiles(t *testing.T) {
	f := newFixture(t, "")
	files := map[string][]byte{"shot.png": png, "terms.pdf": []byte("%PDF-1.4 terms")}
	out := f.outbound("see these", files,
		kefu.Attachment{FileName: "shot.png", ContentType: "image/png"}, kefu.Attachment{FileName: "terms.pdf", ContentType: "application/pdf"})
	res, err := f.a.Deliver(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	sent := f.api.Sent()
	if len(sent) != 2 {
		t.Fatalf("sent %d messages, want 2", len(sent))
	}
	if s := sent[0]; s.Method != "sendPhoto" || s.Caption != "see these" || s.FileName != "shot.png" || string(s.File) != string(png) || s.ChatID != "42" {
		t.Errorf("first %s %q %s (%d bytes), want sendPhoto of shot.png with the text as caption", s.Method, s.Caption, s.FileName, len(s.File))
	}
	if s := sent[1]; s.Method != "sendDocument" || s.Caption != "" || string(s.File) != "%PDF-1.4 terms" {
		t.Errorf("second %s %q %q, want sendDocument of the pdf without caption", s.Method, s.Caption, s.File)
	}
	if res.PlatformMsgID != "1,2" {
		t.Errorf("platform ids %q, want 1,2", res.PlatformMsgID)
	}
}

// A text too long for a caption goes as a message of its own before the file.
func TestDeliverLongCaption(t *testing.T) {
	f := newFixture(t, "")
	text := strings.Repeat("长", maxCaption+1)
	_, err := f.a.Deliver(context.Background(), f.outbound(text, map[string][]byte{"a.png": png}, kefu.Attachment{FileName: "a.png", ContentType: "image/png"}))
	if err != nil {
		t.Fatal(err)
	}
	sent := f.api.Sent()
	if len(sent) != 2 || sent[0].Method != "sendMessage" || sent[0].Text != text || sent[1].Method != "sendPhoto" || sent[1].Caption != "" {
		t.Errorf("sent %d: %+v, want the text then the photo", len(sent), sent)
	}
}

func TestDeliverRefusals(t *testing.T) {
	f := newFixture(t, "")
	tooLong := f.outbound(strings.Repeat("😀", maxText/2+1), nil) // 2 UTF-16 units each
	noChat := f.outbound("hi", nil)
	noChat.To.ExternalID = "ivan@example.com"
	noToken := f.outbound("hi", nil)
	noToken.Inbox = &kefu.Inbox{}
	for name, out := range map[string]channel.Outbound{"too long": tooLong, "no chat": noChat, "no token": noToken} {
		_, err := f.a.Deliver(context.Background(), out)
		if retry, _ := channel.Retryable(err); err == nil || retry {
			t.Errorf("%s: Deliver = %v, want a permanent failure", name, err)
		}
	}
	if n := len(f.api.Sent()); n != 0 {
		t.Errorf("%d messages sent, want none", n)
	}
}

func TestDeliverErrors(t *testing.T) {
	tests := []struct {
		name       string
		fail       telegramtest.Failure
		wantRetry  bool
		wantAfter  time.Duration
		wantReason string
	}{
		{"rate limited", telegramtest.Failure{Code: 429, Description: "Too Many Requests: retry after 7", RetryAfter: 7}, true, 7 * time.Second, "Telegram rate limit: Too Many Requests: retry after 7"},
		{"server error", telegramtest.Failure{Code: 502, Description: "Bad Gateway"}, true, 0, "Telegram failed: Bad Gateway"},
		{"blocked", telegramtest.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"}, false, 0, "Forbidden: bot was blocked by the user"},
		{"chat not found", telegramtest.Failure{Code: 400, Description: "Bad Request: chat not found"}, false, 0, "Bad Request: chat not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, "")
			f.api.Fail("sendMessage", tt.fail)
			_, err := f.a.Deliver(context.Background(), f.outbound("hi", nil))
			retry, after := channel.Retryable(err)
			var de *channel.DeliveryError
			if !errors.As(err, &de) || retry != tt.wantRetry || after != tt.wantAfter || de.Reason != tt.wantReason {
				t.Errorf("Deliver = %v (retry %v after %v), want retry %v after %v with reason %q", err, retry, after, tt.wantRetry, tt.wantAfter, tt.wantReason)
			}
		})
	}
}

// An answer that is no Bot API answer (a captive portal's page) is worth another try.
func TestDeliverUnreadableAnswer(t *testing.T) {
	f := newFixture(t, "")
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<html>log in</html>")) }))
	defer page.Close()
	f.a.api.base = page.URL
	_, err := f.a.Deliver(context.Background(), f.outbound("hi", nil))
	if retry, _ := channel.Retryable(err); err == nil || !retry {
		t.Errorf("Deliver = %v, want a retryable failure", err)
	}
}

// Every Bot API URL holds the token; no error may.
func TestErrorsNeverCarryTheToken(t *testing.T) {
	f := newFixture(t, "")
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // connection refused from here on
	f.a.api.base = dead.URL
	_, err := f.a.Deliver(context.Background(), f.outbound("hi", nil))
	if retry, _ := channel.Retryable(err); err == nil || !retry || strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "AAH-test") {
		t.Errorf("Deliver to an unreachable API = %v, want a retryable error without the token", err)
	}
	if err := f.a.Configure(context.Background(), f.inbox, nil); err == nil || strings.Contains(err.Error(), "AAH-test") {
		t.Errorf("Configure against an unreachable API = %v, want an error without the token", err)
	}
}
