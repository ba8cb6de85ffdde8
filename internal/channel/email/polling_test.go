package email_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// A server without IDLE is polled: the same IMAP server behind a proxy that takes IDLE (and
// IMAP4rev2, which implies it) out of every capability list, as older servers answer.
func TestPollingWithoutIdle(t *testing.T) {
	f := newFixture(t, storetest.OpenSQLite)
	ctx := context.Background()
	f.stopFirst()
	proxy := startNoIdleProxy(t, f.imap.addr.String())
	inbox, err := f.st.GetInboxAnyOrg(ctx, f.inbox.ID)
	must(t, err)
	inbox.Config.Email.IMAP.Port = proxy.Addr().(*net.TCPAddr).Port
	must(t, f.st.UpdateInbox(ctx, inbox))
	f.run(t, f.adapter)

	f.imap.deliver(t, mail{From: "old@example.com", To: inboxAddress, Subject: "s", MessageID: "o1@example.com", Text: []byte("polled")}.bytes())
	_, msgs := f.waitMessages(t, "old@example.com", 1)
	if !strings.HasSuffix(msgs[0].Content, "polled") || msgs[0].SenderType != kefu.SenderContact {
		t.Errorf("polled mail = %q", msgs[0].Content)
	}
	if idleUsed.Load() {
		t.Errorf("the adapter sent IDLE to a server without it")
	}
}

// idleUsed is set when a client sent IDLE through a proxy: the adapter must not, to a server
// that does not offer it.
var idleUsed atomic.Bool

type idleSpy struct{}

func (idleSpy) Write(b []byte) (int, error) {
	if strings.Contains(strings.ToUpper(string(b)), " IDLE\r\n") {
		idleUsed.Store(true)
	}
	return len(b), nil
}

// startNoIdleProxy forwards to addr, removing IDLE and IMAP4rev2 from the server's lines.
func startNoIdleProxy(t *testing.T, addr string) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go proxyConn(c, addr)
		}
	}()
	return ln
}

func proxyConn(client net.Conn, addr string) {
	defer client.Close()
	server, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer server.Close()
	go func() { _, _ = io.Copy(io.MultiWriter(server, idleSpy{}), client) }()
	r := bufio.NewReader(server)
	for {
		line, err := r.ReadString('\n')
		if strings.Contains(line, "CAPABILITY") {
			line = strings.NewReplacer(" IDLE", "", " IMAP4rev2", "").Replace(line)
		}
		if _, werr := io.WriteString(client, line); werr != nil || err != nil {
			return
		}
	}
}
