package email

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// session is one IMAP connection of an inbox's worker, from login until an error or the end
// of its context.
type session struct {
	a       *Adapter
	inbox   *kefu.Inbox
	mailbox string
	c       *imapclient.Client
	newMail chan struct{} // the server said the mailbox grew (EXISTS during IDLE)
}

// runSession logs in, catches up with the mailbox and then waits for mail, IDLE when the
// server has it, else polling. It returns the error that ended the connection; the worker
// reconnects with backoff.
func (a *Adapter) runSession(ctx context.Context, inbox *kefu.Inbox) error {
	s := &session{a: a, inbox: inbox, mailbox: inbox.Config.Email.Mailbox, newMail: make(chan struct{}, 1)}
	if s.mailbox == "" {
		s.mailbox = "INBOX"
	}
	if err := s.connect(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { _ = s.c.Close() }) // unblocks every command at shutdown
	defer stop()
	defer s.c.Close()
	if err := s.c.Login(inbox.Config.Email.IMAP.Username, inbox.Secrets.IMAPPassword).Wait(); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if err := s.catchUp(ctx); err != nil {
			return err
		}
		if err := s.wait(ctx); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// connect dials the server with the inbox's security.
func (s *session) connect() error {
	srv := s.inbox.Config.Email.IMAP
	addr := net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port))
	opts := &imapclient.Options{
		TLSConfig: s.a.tlsConfig(srv.Host),
		Dialer:    &net.Dialer{Timeout: dialTimeout},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case s.newMail <- struct{}{}:
				default:
				}
			}
		}},
	}
	var err error
	switch srv.Security {
	case "tls":
		s.c, err = imapclient.DialTLS(addr, opts)
	case "starttls":
		s.c, err = imapclient.DialStartTLS(addr, opts)
	default:
		s.c, err = imapclient.DialInsecure(addr, opts)
	}
	return err
}

// catchUp selects the mailbox and receives every mail after the stored cursor, in UID order,
// moving the cursor past each one only once it is stored.
func (s *session) catchUp(ctx context.Context) error {
	sel, err := s.c.Select(s.mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return err
	}
	uids, fresh, err := s.pending(ctx, sel.UIDValidity)
	if err != nil {
		return err
	}
	for _, uid := range uids {
		if err := s.take(ctx, uid); err != nil {
			return err
		}
		if err := s.a.store.SaveEmailCursor(ctx, s.inbox.ID, s.mailbox, sel.UIDValidity, uint32(uid)); err != nil {
			return err
		}
	}
	if fresh && len(uids) == 0 && sel.UIDNext > 0 { // start from here next time
		return s.a.store.SaveEmailCursor(ctx, s.inbox.ID, s.mailbox, sel.UIDValidity, uint32(sel.UIDNext)-1)
	}
	return nil
}

// pending returns the UIDs to receive, ascending. With a cursor for this mailbox and
// UIDVALIDITY, they are the UIDs after it; on a first start, or when UIDVALIDITY changed (the
// mailbox was recreated: its old UIDs mean nothing), fresh is true and they are the unread
// mail, since read mail is history the business already handled. Mail received twice is a
// duplicate to the Receiver.
func (s *session) pending(ctx context.Context, validity uint32) (uids []imap.UID, fresh bool, err error) {
	mbox, storedValidity, last, err := s.a.store.EmailCursor(ctx, s.inbox.ID)
	if err != nil {
		return nil, false, err
	}
	fresh = mbox != s.mailbox || storedValidity != validity
	criteria := &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}
	if !fresh {
		var set imap.UIDSet
		set.AddRange(imap.UID(last+1), 0) // last+1:*, which also names the highest UID when none is newer
		criteria = &imap.SearchCriteria{UID: []imap.UIDSet{set}}
	}
	found, err := s.c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return nil, false, err
	}
	uids = slices.DeleteFunc(found.AllUIDs(), func(u imap.UID) bool { return !fresh && uint32(u) <= last })
	slices.Sort(uids)
	return uids, fresh, nil
}

// take fetches one mail and receives it. A mail over the size limit is skipped with a log
// line; the Receiver's refusal of a mail is final; any other error keeps the cursor before it.
func (s *session) take(ctx context.Context, uid imap.UID) error {
	section := &imap.FetchItemBodySection{Peek: true} // leave \Seen to the people sharing the mailbox
	msgs, err := s.c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil || len(msgs) == 0 {
		return err // expunged meanwhile: nothing to take
	}
	if msgs[0].RFC822Size > s.a.opts.MaxMailBytes {
		s.a.log.WarnContext(ctx, "email: mail over the size limit skipped", "inbox_id", s.inbox.ID, "uid", uid, "bytes", msgs[0].RFC822Size)
		return nil
	}
	msgs, err = s.c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil || len(msgs) == 0 {
		return err
	}
	return s.a.receive(ctx, s.inbox, msgs[0].FindBodySection(section))
}

// wait returns when the mailbox may have new mail: IDLE until the server reports it or the
// poll interval ends (servers drop IDLE after 30 minutes, some sooner), else a plain pause.
func (s *session) wait(ctx context.Context) error {
	timer := time.NewTimer(s.a.opts.PollInterval)
	defer timer.Stop()
	if !s.c.Caps().Has(imap.CapIdle) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			return nil
		}
	}
	idle, err := s.c.Idle()
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-timer.C:
	case <-s.newMail:
	case <-s.c.Closed():
		return errors.New("email: the IMAP server closed the connection")
	}
	if err := idle.Close(); err != nil {
		return err
	}
	return idle.Wait()
}
