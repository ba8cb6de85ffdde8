package email

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestParseCharsets(t *testing.T) {
	for _, tc := range []struct {
		charset string
		enc     encoding.Encoding
		text    string
	}{
		{"GBK", simplifiedchinese.GBK, "你好，我的订单还没到"},
		{"GB18030", simplifiedchinese.GB18030, "退款申请 𠀀 ㈠"},
		{"Big5", traditionalchinese.Big5, "您好，請問發票何時寄出？"},
		{"ISO-2022-JP", japanese.ISO2022JP, "注文した商品がまだ届きません"},
	} {
		t.Run(tc.charset, func(t *testing.T) {
			body, err := tc.enc.NewEncoder().String(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := tc.enc.NewEncoder().String("件名 " + tc.text[:6])
			raw := fmt.Sprintf("From: a@example.com\r\nSubject: =?%s?B?%s?=\r\nMessage-ID: <x@y>\r\n"+
				"Content-Type: text/plain; charset=%s\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n",
				tc.charset, base64.StdEncoding.EncodeToString([]byte(subject)), tc.charset, base64.StdEncoding.EncodeToString([]byte(body)))
			p, err := parse(strings.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(p.Text) != tc.text {
				t.Errorf("text = %q, want %q", p.Text, tc.text)
			}
			if p.Subject != "件名 "+tc.text[:6] {
				t.Errorf("subject = %q, want %q", p.Subject, "件名 "+tc.text[:6])
			}
		})
	}
}

func TestSplitQuoted(t *testing.T) {
	for _, tc := range []struct{ name, in, reply string }{
		{"gmail", "Thanks!\n\nOn Mon, 7 Dec 2026 at 10:00, Shop <s@x> wrote:\n> old", "Thanks!"},
		{"gmail zh", "收到\n\nShop <s@x> 于2026年12月7日周一 10:00写道：\n> 旧的", "收到"},
		{"qq mail", "好的\n\n------------------ 原始邮件 ------------------\n发件人: \"Shop\"<s@x>;\n发送时间: 2026年12月7日\n", "好的"},
		{"163 / foxmail", "可以\n-----原始邮件-----\n发件人：Shop\n", "可以"},
		{"outlook", "OK then\n\n________________________________\nFrom: Shop <s@x>\nSent: Monday\nTo: me\n", "OK then"},
		{"outlook zh", "明白\n\n发件人: Shop <s@x>\n发送时间: 2026年12月7日 10:00\n收件人: me\n", "明白"},
		{"bottom quote", "Yes\n> did you?\n> really?", "Yes"},
		{"inline answers kept", "> did you?\nYes\n> and?\nNo", "> did you?\nYes\n> and?\nNo"},
		{"no quote", "just text\nFrom: my heart", "just text\nFrom: my heart"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := splitQuoted(tc.in); got != tc.reply {
				t.Errorf("reply = %q, want %q", got, tc.reply)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	in := `<div onclick="steal()">Hi<script>alert(1)</script><style>body{}</style>
<img src="https://tracker.example/p.gif" onerror="x()"><img src="cid:logo"><iframe src="https://x"></iframe>
<form action="https://x"><input name=p></form><a href="javascript:alert(1)">bad</a><a href="https://shop.example">ok</a></div>`
	out := newSanitizer().sanitize(in)
	for _, bad := range []string{"<script", "alert(1)", "onclick", "onerror", "<style", "<iframe", "<form", "<input", "javascript:", ` src=`} {
		if strings.Contains(out, bad) {
			t.Errorf("sanitised HTML still holds %q: %s", bad, out)
		}
	}
	for _, good := range []string{`data-kefu-src="https://tracker.example/p.gif"`, `href="https://shop.example"`, `target="_blank"`, "Hi"} {
		if !strings.Contains(out, good) {
			t.Errorf("sanitised HTML lacks %q: %s", good, out)
		}
	}
}

func TestAutomatic(t *testing.T) {
	for _, tc := range []struct {
		name, header, from string
		auto               bool
	}{
		{"person", "", "wang@example.com", false},
		{"auto-submitted no", "Auto-Submitted: no\r\n", "wang@example.com", false},
		{"out of office", "Auto-Submitted: auto-replied\r\n", "wang@example.com", true},
		{"x-autoreply", "X-Autoreply: yes\r\n", "wang@example.com", true},
		{"x-autorespond", "X-Autorespond: yes\r\n", "wang@example.com", true},
		{"precedence bulk", "Precedence: bulk\r\n", "news@example.com", true},
		{"precedence junk", "Precedence: junk\r\n", "news@example.com", true},
		{"newsletter", "List-Id: <news.example.com>\r\nList-Unsubscribe: <mailto:u@example.com>\r\n", "news@example.com", true},
		{"bounce sender", "", "mailer-daemon@mx.example.com", true},
		{"report", "Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n", "postmaster@example.com", true},
		{"empty return path", "Return-Path: <>\r\n", "wang@example.com", true},
		{"own address", "", "Support+k123@Shop.test", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parse(strings.NewReader(tc.header + "From: " + tc.from + "\r\nSubject: s\r\n\r\nbody\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			if got := automatic(p.Header, p.From.Address, "support@shop.test"); (got != "") != tc.auto {
				t.Errorf("automatic = %q, want automatic=%v", got, tc.auto)
			}
		})
	}
}

func TestReplyTokens(t *testing.T) {
	tk := tokens{key: []byte("k1")}
	conv := "0194b3c0-1234-7abc-8def-0123456789ab"
	addr := tk.replyAddress("support@shop.test", conv)
	if got := tk.threadOf(addr); got != conv {
		t.Errorf("token address %s names %q, want %s", addr, got, conv)
	}
	if got := tk.threadOf(strings.ToUpper(addr)); got != conv {
		t.Errorf("upper-cased token address names %q, want %s (servers may fold case)", got, conv)
	}
	if got := tk.threadOf(tk.messageID("support@shop.test", "0194b3c0-0000-7000-8000-000000000001", conv)); got != conv {
		t.Errorf("kefu Message-ID names %q, want %s", got, conv)
	}
	other := tokens{key: []byte("k2")}
	if got := other.threadOf(addr); got != "" {
		t.Errorf("a token made under another key names %q, want nothing", got)
	}
	forged := strings.Replace(addr, tk.make(conv)[:10], tk.make(conv)[:9]+"z", 1)
	if got := tk.threadOf(forged); got != "" {
		t.Errorf("a forged token %s names %q, want nothing", forged, got)
	}
	if got := tk.threadOf("support+sales@shop.test"); got != "" {
		t.Errorf("a plain plus-address names %q, want nothing", got)
	}
}

func TestConfigure(t *testing.T) {
	a := New(Options{})
	good := func() *kefu.Inbox {
		return &kefu.Inbox{Config: kefu.ChannelConfig{Email: &kefu.EmailChannel{
			Address: "Support@Shop.test", Receive: "imap",
			IMAP: kefu.MailServer{Host: "imap.exmail.qq.com", Port: 993, Security: "tls", Username: "support@shop.test"},
			SMTP: kefu.MailServer{Host: "smtp.exmail.qq.com", Port: 465, Security: "tls", Username: "support@shop.test"},
		}}, Secrets: kefu.ChannelSecrets{IMAPPassword: "p", SMTPPassword: "p"}}
	}
	in := good()
	if err := a.Configure(context.Background(), in, nil); err != nil || in.Config.Email.Address != "support@shop.test" {
		t.Fatalf("good config: %v, address %q", err, in.Config.Email.Address)
	}
	for field, spoil := range map[string]func(*kefu.Inbox){
		"config.email":               func(in *kefu.Inbox) { in.Config.Email = nil },
		"config.email.address":       func(in *kefu.Inbox) { in.Config.Email.Address = "Support <s@x>" },
		"config.email.receive":       func(in *kefu.Inbox) { in.Config.Email.Receive = "pop3" },
		"config.email.imap.host":     func(in *kefu.Inbox) { in.Config.Email.IMAP.Host = "" },
		"config.email.imap.port":     func(in *kefu.Inbox) { in.Config.Email.IMAP.Port = 0 },
		"config.email.smtp.security": func(in *kefu.Inbox) { in.Config.Email.SMTP.Security = "ssl" },
		"secrets.imap_password":      func(in *kefu.Inbox) { in.Secrets.IMAPPassword = "" },
		"secrets.smtp_password":      func(in *kefu.Inbox) { in.Secrets.SMTPPassword = "" },
		"config.email.from_name":     func(in *kefu.Inbox) { in.Config.Email.FromName = "a\r\nBcc: x@y" },
	} {
		in := good()
		spoil(in)
		err := a.Configure(context.Background(), in, nil)
		var ke *kefu.Error
		if !asError(err, &ke) || ke.Field != field {
			t.Errorf("spoiled %s: error %v, want a field error naming it", field, err)
		}
	}
	// An update keeps the stored passwords when it leaves them empty.
	prev := good()
	next := good()
	next.Secrets = kefu.ChannelSecrets{}
	if err := a.Configure(context.Background(), next, prev); err != nil || next.Secrets.IMAPPassword != "p" {
		t.Errorf("update without passwords: %v, imap password kept=%v", err, next.Secrets.IMAPPassword == "p")
	}
	// Forwarding needs no IMAP.
	fwd := good()
	fwd.Config.Email.Receive, fwd.Config.Email.IMAP, fwd.Secrets.IMAPPassword = "forward", kefu.MailServer{}, ""
	if err := a.Configure(context.Background(), fwd, nil); err != nil {
		t.Errorf("forwarding inbox: %v", err)
	}
}

func asError(err error, target **kefu.Error) bool {
	e, ok := err.(*kefu.Error)
	*target = e
	return ok
}
