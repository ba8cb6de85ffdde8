package email

import (
	"regexp"
	"strings"
)

// Lines that start the quoted history mail clients append under a reply: Gmail/Apple ("On …
// wrote:", "… 于 … 写道："), Outlook and Foxmail/QQ Mail/163 ("-----Original Message-----",
// "-----原始邮件-----", "------------------ 原始邮件 ------------------"), and Outlook's header
// block ("From: …" / "发件人: …" followed by Sent/Date/To/Subject lines).
var (
	wroteLine     = regexp.MustCompile(`(?i)^(on\s.+wrote:|.+(写道|寫道)\s*[:：])\s*$`)
	separatorLine = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|原始邮件|原始郵件|转发邮件|forwarded message)\s*-{2,}\s*$`)
	fromLine      = regexp.MustCompile(`(?i)^\s*\*?(from|发件人|寄件者)\*?\s*[:：]`)
	headerLine    = regexp.MustCompile(`(?i)^\s*\*?(sent|date|to|cc|subject|发送时间|日期|时间|收件人|抄送|主题)\*?\s*[:：]`)
	rule          = regexp.MustCompile(`^\s*_{10,}\s*$`) // Outlook's line above its header block
)

// splitQuoted returns a mail's reply text and the quoted history below it ("" when none), so an
// agent reads what the customer wrote now and can unfold the rest. A mail that is all quote
// (the customer wrote inline answers between quoted lines) is kept whole as the reply.
func splitQuoted(text string) (reply, quoted string) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	at := quoteStart(lines)
	if at < 0 {
		return strings.TrimSpace(text), ""
	}
	reply = strings.TrimSpace(strings.Join(lines[:at], "\n"))
	if reply == "" {
		return strings.TrimSpace(text), ""
	}
	return reply, strings.TrimSpace(strings.Join(lines[at:], "\n"))
}

// quoteStart returns the index of the line where the quoted history begins, or -1.
func quoteStart(lines []string) int {
	for i, l := range lines {
		switch {
		case wroteLine.MatchString(l), separatorLine.MatchString(l):
			return i
		case fromLine.MatchString(l) && headerFollows(lines[i+1:]):
			return i
		case rule.MatchString(l) && i+1 < len(lines) && fromLine.MatchString(lines[i+1]):
			return i
		case strings.HasPrefix(l, ">") && restQuoted(lines[i:]):
			return i
		}
	}
	return -1
}

// headerFollows reports whether one of the next lines is another header of a quoted block.
func headerFollows(lines []string) bool {
	for _, l := range lines[:min(3, len(lines))] {
		if headerLine.MatchString(l) {
			return true
		}
	}
	return false
}

// restQuoted reports whether every non-blank line from here on is quoted: inline answers
// between quoted lines are a reply, not history.
func restQuoted(lines []string) bool {
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, ">") {
			return false
		}
	}
	return true
}
