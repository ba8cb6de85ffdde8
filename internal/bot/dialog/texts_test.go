package dialog

import (
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestLocaleOf: the bot answers in the language of the message, else the conversation's,
// else the organisation's.
func TestLocaleOf(t *testing.T) {
	cases := []struct{ text, conv, org, want string }{
		{"怎么退货", "", "en", kefu.LocaleZhCN},
		{"how do I return this", "zh-CN", "zh-CN", kefu.LocaleEn},
		{"退货 refund pls", "", "en", kefu.LocaleZhCN},
		{"12345", "zh-TW", "en", kefu.LocaleZhCN},
		{"？？", "", "en", kefu.LocaleEn},
		{"", "", "zh-CN", kefu.LocaleZhCN},
	}
	for _, c := range cases {
		if got := localeOf(c.text, c.conv, c.org); got != c.want {
			t.Errorf("localeOf(%q, %q, %q) = %q, want %q", c.text, c.conv, c.org, got, c.want)
		}
	}
}

// TestGreeting: the inbox's own greeting and name when set, else the bot's in the language of
// the first message.
func TestGreeting(t *testing.T) {
	in := &kefu.Inbox{}
	if g := Greeting(in, "en", "在吗"); !strings.Contains(g.Content, "智能助手") || g.SenderName != "智能助手" || g.Bot.Action != kefu.BotCardGreeting {
		t.Errorf("default greeting to a Chinese first message: %+v", g)
	}
	in.Bot = kefu.BotSettings{Name: " 小茶 ", Greeting: "欢迎光临莲心茶馆"}
	if g := Greeting(in, "en", "hello"); g.Content != "欢迎光临莲心茶馆" || g.SenderName != "小茶" || g.SenderType != kefu.SenderBot {
		t.Errorf("the inbox's greeting: %+v", g)
	}
}

// TestClipBytes keeps a reply under the message limit on a character boundary.
func TestClipBytes(t *testing.T) {
	long := strings.Repeat("退", 100)
	got := clipBytes(long, 31)
	if len(got) > 31 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("clipBytes = %q (%d bytes)", got, len(got))
	}
	if clipBytes("short", 31) != "short" {
		t.Error("a short text was cut")
	}
}
