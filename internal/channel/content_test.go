package channel

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestClientMsgID(t *testing.T) {
	long := "<" + strings.Repeat("a", 80) + "@mail.example.com>"
	tests := []struct {
		name, platformID, want string
	}{
		{"short id kept, prefixed", "42:1", "p:42:1"},
		{"Message-ID that fits", "<abc@example.com>", "p:<abc@example.com>"},
		{"longest that fits", strings.Repeat("x", 62), "p:" + strings.Repeat("x", 62)},
	}
	for _, tt := range tests {
		if got := clientMsgID(tt.platformID); got != tt.want {
			t.Errorf("%s: clientMsgID(%q) = %q, want %q", tt.name, tt.platformID, got, tt.want)
		}
	}
	for _, id := range []string{long, strings.Repeat("x", 63), "有 空格"} {
		got := clientMsgID(id)
		if !strings.HasPrefix(got, "p#") || len(got) > kefu.MaxClientMsgIDLen || !printableASCII(got) || got != clientMsgID(id) {
			t.Errorf("clientMsgID(%q) = %q, want a stable hashed id of at most %d printable bytes", id, got, kefu.MaxClientMsgIDLen)
		}
	}
	if clientMsgID(long) == clientMsgID(long+"x") {
		t.Errorf("two long ids hashed alike")
	}
}

func TestStorable(t *testing.T) {
	long := strings.Repeat("订", kefu.MaxContentBytes) // 3 bytes a character
	got := storable(long)
	if len(got) > kefu.MaxContentBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, truncatedMark) {
		t.Errorf("storable(%d bytes) = %d bytes, valid=%v; want at most %d valid bytes ending %q",
			len(long), len(got), utf8.ValidString(got), kefu.MaxContentBytes, truncatedMark)
	}
	if s := strings.Repeat("a", kefu.MaxContentBytes); storable(s) != s {
		t.Errorf("text of exactly the limit was changed")
	}
}

func TestMediaContent(t *testing.T) {
	refused := []string{"[a.amr was not kept: files of this type are not accepted]"}
	tests := []struct {
		name  string
		in    Inbound
		kept  bool
		notes []string
		want  string
	}{
		{"kept, no caption", Inbound{Kind: KindImage}, true, nil, ""},
		{"kept, caption", Inbound{Kind: KindImage, Text: "broken"}, true, nil, "broken"},
		{"none kept", Inbound{Kind: KindAudio}, false, refused, "[voice message]\n" + refused[0]},
		{"none kept, adapter's fallback and caption", Inbound{Kind: KindVideo, Fallback: "[视频]", Text: "看这里"}, false, refused, "[视频]\n看这里\n" + refused[0]},
		{"text with a refused file", Inbound{Kind: KindText, Text: "see attached"}, false, refused, "see attached\n" + refused[0]},
		{"some kept", Inbound{Kind: KindFile, Text: "two files"}, true, refused, "two files\n" + refused[0]},
	}
	for _, tt := range tests {
		if got := mediaContent(tt.in, tt.kept, tt.notes); got != tt.want {
			t.Errorf("%s: mediaContent = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantRetry bool
		wantAfter time.Duration
	}{
		{"network error", errors.New("connection reset"), true, 0},
		{"rate limited", Temporary("rate limited", 30*time.Second, nil), true, 30 * time.Second},
		{"window closed", Permanent("the 48-hour reply window has closed", nil), false, 0},
		{"wrapped permanent", errors.Join(errors.New("send"), Permanent("blocked by the user", nil)), false, 0},
	}
	for _, tt := range tests {
		retry, after := Retryable(tt.err)
		if retry != tt.wantRetry || after != tt.wantAfter {
			t.Errorf("%s: Retryable = %v, %v; want %v, %v", tt.name, retry, after, tt.wantRetry, tt.wantAfter)
		}
	}
}
