package email

import (
	"strings"

	"github.com/emersion/go-message/mail"
)

// automatic reports why a mail was sent by a machine (an out-of-office reply, a bounce, a
// newsletter, kefu's own mail coming back), or "" for a person's mail. Such mail never opens
// a conversation: answering it is how mail loops start.
func automatic(h mail.Header, from, inboxAddress string) string {
	for _, check := range []func(mail.Header) string{autoSubmitted, bulk, report} {
		if why := check(h); why != "" {
			return why
		}
	}
	switch local, _, _ := strings.Cut(from, "@"); {
	case from == "":
		return "no sender"
	case local == "mailer-daemon" || local == "postmaster":
		return "bounce"
	case sameMailbox(from, inboxAddress):
		return "the inbox's own address"
	}
	return ""
}

// autoSubmitted reads RFC 3834's Auto-Submitted and the headers Microsoft and others use.
func autoSubmitted(h mail.Header) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Auto-Reply"} {
		if h.Has(k) {
			return k
		}
	}
	return ""
}

// bulk recognises list and bulk mail (Precedence, List-Id of a newsletter).
func bulk(h mail.Header) string {
	switch p := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); p {
	case "bulk", "junk", "list", "auto_reply":
		return "Precedence: " + p
	}
	if h.Has("List-Id") && h.Has("List-Unsubscribe") {
		return "list mail"
	}
	return ""
}

// report recognises delivery reports: a multipart/report body or an empty Return-Path, which
// RFC 5321 gives to every bounce and notification.
func report(h mail.Header) string {
	if ct, _, _ := h.ContentType(); strings.EqualFold(ct, "multipart/report") {
		return "delivery report"
	}
	if h.Has("Return-Path") && strings.Trim(strings.TrimSpace(h.Get("Return-Path")), "<>") == "" {
		return "empty Return-Path"
	}
	return ""
}

// sameMailbox reports whether two addresses are one mailbox, ignoring case and a +tag.
func sameMailbox(a, b string) bool {
	strip := func(s string) string {
		local, domain, _ := strings.Cut(strings.ToLower(s), "@")
		local, _, _ = strings.Cut(local, "+")
		return local + "@" + domain
	}
	return b != "" && strip(a) == strip(b)
}
