package email_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// imapServer is go-imap's in-memory IMAP server on a local port, with one user and INBOX.
type imapServer struct {
	addr *net.TCPAddr
	user *imapmemserver.User
}

func startIMAP(t *testing.T, username, password string) *imapServer {
	t.Helper()
	return startIMAPTLS(t, username, password, nil)
}

// startIMAPTLS is startIMAP speaking implicit TLS with cfg (nil: plaintext).
func startIMAPTLS(t *testing.T, username, password string, cfg *tls.Config) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(username, password)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       discardLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &imapServer{addr: addr, user: user}
}

// deliver puts a mail into INBOX, as the customer's mail server would.
func (s *imapServer) deliver(t *testing.T, raw []byte) {
	t.Helper()
	if _, err := s.user.Append("INBOX", literal{bytes.NewReader(raw)}, &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

type literal struct{ *bytes.Reader }

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// smtpServer is a go-smtp server on a local port that keeps what it is given; reject makes
// it answer DATA with that error.
type smtpServer struct {
	addr *net.TCPAddr
	mu   sync.Mutex
	got  []sentMail
	// reject, when set, is the answer to the next DATA (then cleared).
	reject *smtp.SMTPError
	user   string
	pass   string
}

type sentMail struct {
	From string
	To   []string
	Data []byte
}

func startSMTP(t *testing.T, user, pass string) *smtpServer {
	t.Helper()
	return startSMTPTLS(t, user, pass, nil)
}

// startSMTPTLS is startSMTP offering STARTTLS with cfg (nil: plaintext only).
func startSMTPTLS(t *testing.T, user, pass string, cfg *tls.Config) *smtpServer {
	t.Helper()
	s := &smtpServer{user: user, pass: pass}
	srv := smtp.NewServer(s)
	srv.TLSConfig = cfg
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = discardLogger{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	s.addr = ln.Addr().(*net.TCPAddr)
	return s
}

func (s *smtpServer) mails() []sentMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentMail(nil), s.got...)
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }

type smtpSession struct {
	srv    *smtpServer
	authed bool
	cur    sentMail
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.user || pass != s.srv.pass {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = sentMail{From: from}
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if rej := s.srv.reject; rej != nil {
		s.srv.reject = nil
		return rej
	}
	s.cur.Data = b
	s.srv.got = append(s.srv.got, s.cur)
	return nil
}

func (s *smtpSession) Reset()        { s.cur = sentMail{} }
func (s *smtpSession) Logout() error { return nil }
