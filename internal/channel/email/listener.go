package email

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/net/netutil"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxListenerRecipients bounds the recipients of one mail to the listener.
const maxListenerRecipients = 10

// maxListenerConns bounds the listener's open connections: a forwarding mail server opens a
// few; many more are someone holding sockets open, and each holds a goroutine and buffers.
// Past it, new connections wait in the kernel's backlog until one closes.
const maxListenerConns = 64

// listener is kefu's own SMTP server, for inboxes whose mail server forwards to kefu (Receive
// "forward"): it takes mail only for those inboxes' addresses (and their reply-token
// addresses), like an MX, and refuses every other recipient, so it relays nothing.
type listener struct {
	a *Adapter

	mu      sync.Mutex
	inboxes []kefu.Inbox // the forwarding inboxes, re-read after RefreshInterval
	readAt  time.Time
}

// serveSMTP runs the listener on ln until ctx ends.
func (a *Adapter) serveSMTP(ctx context.Context, ln net.Listener) error {
	srv := smtp.NewServer(&listener{a: a})
	srv.Domain = "kefu"
	srv.MaxMessageBytes = a.opts.MaxMailBytes
	srv.MaxRecipients = maxListenerRecipients
	srv.ReadTimeout, srv.WriteTimeout = 2*time.Minute, 2*time.Minute
	srv.ErrorLog = slogPrinter{a}
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	err := srv.Serve(netutil.LimitListener(ln, maxListenerConns))
	if ctx.Err() != nil || errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// NewSession starts one SMTP conversation.
func (l *listener) NewSession(*smtp.Conn) (smtp.Session, error) { return &inSession{l: l}, nil }

// inboxFor returns the forwarding inbox an address belongs to.
func (l *listener) inboxFor(ctx context.Context, rcpt string) (*kefu.Inbox, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.readAt) > l.a.opts.RefreshInterval {
		all, err := l.a.inboxes.InboxesOfChannel(ctx, kefu.ChannelEmail)
		if err != nil {
			return nil, err
		}
		l.inboxes, l.readAt = all[:0:0], time.Now()
		for _, in := range all {
			if in.Config.Email != nil && in.Config.Email.Receive == "forward" {
				l.inboxes = append(l.inboxes, in)
			}
		}
	}
	for i := range l.inboxes {
		if sameMailbox(rcpt, l.inboxes[i].Config.Email.Address) {
			in := l.inboxes[i]
			return &in, nil
		}
	}
	return nil, nil
}

// inSession is one mail handed to the listener.
type inSession struct {
	l      *listener
	rcpts  []string
	target []*kefu.Inbox
}

// Mail accepts any sender: the sender is the customer, checked by the forwarding server.
func (s *inSession) Mail(string, *smtp.MailOptions) error { return nil }

// Rcpt accepts an inbox's address and refuses every other one (550: no relaying).
func (s *inSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	in, err := s.l.inboxFor(context.Background(), strings.ToLower(to))
	if err != nil {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	if in == nil {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox here"}
	}
	s.rcpts, s.target = append(s.rcpts, strings.ToLower(to)), append(s.target, in)
	return nil
}

// Data receives the mail for each inbox it was addressed to. The mail is acknowledged only
// once stored, so a failure (451) makes the forwarding server retry it; the Receiver keeps a
// retried mail once.
func (s *inSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err // the size limit's 552, or a broken connection
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, in := range s.target {
		if err := s.l.a.receive(ctx, in, raw, s.rcpts[i]); err != nil {
			s.l.a.log.WarnContext(ctx, "email: forwarded mail not stored", "inbox_id", in.ID, "err", err)
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
	}
	return nil
}

// Reset forgets the mail under way.
func (s *inSession) Reset() { s.rcpts, s.target = nil, nil }

// Logout ends the session.
func (s *inSession) Logout() error { return nil }

// slogPrinter sends the SMTP server's own errors (a client that hung up) to the debug log.
type slogPrinter struct{ a *Adapter }

func (p slogPrinter) Printf(format string, v ...any) {
	p.a.log.Debug("email: smtp listener", "msg", format, "args", v)
}
func (p slogPrinter) Println(v ...any) { p.a.log.Debug("email: smtp listener", "args", v) }
