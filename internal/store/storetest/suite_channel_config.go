package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testChannelConfig: an email inbox's configuration and credentials read back as written from
// every read path (by id, listed, by channel across organisations, by id without the
// organisation), the credentials named in SecretsSet; an update replaces them; a web inbox has
// none and is not listed as an email inbox.
func testChannelConfig(t *testing.T, open func(t *testing.T) *store.Store) {
	ctx := context.Background()
	s := open(t)
	UseKeyring(t, s)
	w := newWorld(t, s)
	in := &kefu.Inbox{OrgID: w.org.ID, Name: "Mail", Channel: kefu.ChannelEmail, WidgetKey: next("wk"),
		Config: kefu.ChannelConfig{Email: &kefu.EmailChannel{Address: "help@shop.example", Receive: "imap",
			IMAP: kefu.MailServer{Host: "imap.shop.example", Port: 993, Security: "tls", Username: "help"}}},
		Secrets: kefu.ChannelSecrets{IMAPPassword: "imap-pw", SMTPPassword: "smtp-pw"}}
	must(t, s.CreateInbox(ctx, in))
	check := func(got *kefu.Inbox, err error, from string, want kefu.ChannelSecrets) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", from, err)
		}
		if got.Config.Email == nil || got.Config.Email.IMAP.Host != "imap.shop.example" || got.Secrets != want ||
			!slices.Equal(got.Config.SecretsSet, want.Names()) {
			t.Fatalf("%s: config %+v secrets %+v; want what was written (%+v)", from, got.Config, got.Secrets, want)
		}
	}
	want := in.Secrets
	got, err := s.GetInbox(ctx, w.org.ID, in.ID)
	check(got, err, "GetInbox", want)
	got, err = s.GetInboxAnyOrg(ctx, in.ID)
	check(got, err, "GetInboxAnyOrg", want)
	mail, err := s.InboxesOfChannel(ctx, kefu.ChannelEmail)
	i := slices.IndexFunc(mail, func(x kefu.Inbox) bool { return x.ID == in.ID })
	if err != nil || i < 0 || slices.ContainsFunc(mail, func(x kefu.Inbox) bool { return x.ID == w.inbox.ID }) {
		t.Fatalf("email inboxes = %d (%v): want the email inbox and not the web one", len(mail), err)
	}
	check(&mail[i], nil, "InboxesOfChannel", want)
	in.Secrets = kefu.ChannelSecrets{SMTPPassword: "new-smtp"}
	must(t, s.UpdateInbox(ctx, in))
	got, err = s.GetInbox(ctx, w.org.ID, in.ID)
	check(got, err, "after update", kefu.ChannelSecrets{SMTPPassword: "new-smtp"})
	web, err := s.GetInbox(ctx, w.org.ID, w.inbox.ID)
	if err != nil || web.Config.Email != nil || len(web.Config.SecretsSet) > 0 || !web.Secrets.Empty() {
		t.Fatalf("web inbox config %+v secrets set %v (%v); want none", web.Config, web.Secrets.Names(), err)
	}
	if _, err := s.GetInboxAnyOrg(ctx, "not-an-id"); !kefu.IsNotFound(err) {
		t.Fatalf("GetInboxAnyOrg(not an id) = %v; want not found", err)
	}
}
