package main

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu-dev/kefu/internal/auth/authtest"
	"github.com/kefu-dev/kefu/internal/channel/channeltest"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/outbound"
)

// Environment of a `kefu serve` subprocess with the test channel (subprocessEnv=serve-channel).
const (
	channelURLEnv        = "KEFU_TEST_CHANNEL_URL"
	channelIdempotentEnv = "KEFU_TEST_CHANNEL_IDEMPOTENT"
)

// serveTestChannel is `kefu serve` with the test channel delivering to $KEFU_TEST_CHANNEL_URL,
// for tests that kill the real process in the middle of a delivery.
func serveTestChannel(ctx context.Context, args []string) int {
	var cfg config.Config
	cmd := withConfig(&cobra.Command{Use: "serve", SilenceUsage: true, RunE: func(cmd *cobra.Command, _ []string) error {
		idem, _ := strconv.ParseBool(os.Getenv(channelIdempotentEnv))
		caps := textOnly
		caps.IdempotentSends = idem
		m := deliveryMainWith(cfg, os.Getenv(channelURLEnv), caps)
		m.Logger = newLogger(cfg, os.Stderr)
		// On PostgreSQL the killed process's job waits for its lease; keep that short.
		m.JobLease = 3 * time.Second
		if err := m.Run(cmd.Context()); err != nil {
			m.Close()
			return err
		}
		<-cmd.Context().Done()
		return m.Close()
	}}, os.Environ(), &cfg)
	cmd.SetArgs(args[1:]) // args[0] is "serve"
	if err := cmd.ExecuteContext(ctx); err != nil {
		return 1
	}
	return 0
}

// Killed with SIGKILL after the platform took a reply and before kefu recorded it, kefu
// restarts and never makes the customer read it twice: a platform that dedupes by the
// idempotency key gets it again and keeps one copy (sent); any other is not asked again, and
// the agent sees failed with the reason.
func TestDeliveryAfterSIGKILL(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) { testDeliveryAfterSIGKILL(t, db) })
}

func testDeliveryAfterSIGKILL(t *testing.T, db database) {
	for _, tc := range []struct {
		name       string
		idempotent bool
		status     string
		requests   int
		reason     string
	}{
		{"idempotent platform", true, "sent", 2, ""},
		{"platform without idempotency", false, "failed", 1, outbound.ReasonInterrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := channeltest.NewPlatform(tc.idempotent, channeltest.Answer{Hold: true})
			defer p.Close()
			cfg := testConfig(t, db)
			token, conv := setupStopped(t, cfg)
			env := []string{subprocessEnv + "=serve-channel", channelURLEnv + "=" + p.URL,
				channelIdempotentEnv + "=" + strconv.FormatBool(tc.idempotent)}
			first := startServe(t, cfg, env...)
			id := mustSendTo(t, first.url, token, conv)
			select {
			case <-p.Held():
			case <-time.After(15 * time.Second):
				t.Fatalf("the platform never got the reply:\n%s", first.tail())
			}
			first.kill(t)
			again := startServe(t, cfg, env...)
			d := waitDeliveryAt(t, again.url, token, conv, id, tc.status)
			if d.Error != tc.reason || p.Copies(id) != 1 || len(p.Received()) != tc.requests {
				t.Errorf("after restart: %+v; platform has %d copies from %d requests; want error %q, 1 copy from %d",
					d, p.Copies(id), len(p.Received()), tc.reason, tc.requests)
			}
		})
	}
}

// setupStopped makes an organisation with a conversation on the test channel in cfg's data
// dir, with kefu run in this process and stopped again; it returns the agent's token and the
// conversation.
func setupStopped(t *testing.T, cfg config.Config) (token, conv string) {
	m := &Main{Config: cfg, Version: "test", PasswordParams: authtest.PasswordParams()}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	s := &testServer{Main: m, t: t}
	o := s.mustSetupOrg("Crash")
	conv = mustChannelConversation(t, m.store, o.ID, "cust-1")
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	return o.Tokens["agent"], conv
}

func mustSendTo(t *testing.T, base, token, conv string) string {
	r, err := tryDo(base, "POST", "/api/v1/conversations/"+conv+"/messages", token,
		map[string]string{"content": "only once, please", "client_msg_id": "crash-1"})
	if err != nil || r.Status != 201 {
		t.Fatalf("send: %v %d %s", err, r.Status, r.Body)
	}
	var out struct {
		Message sentReply `json:"message"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatal(err)
	}
	return out.Message.ID
}

// waitDeliveryAt polls a server at base until the message's delivery has status want.
func waitDeliveryAt(t *testing.T, base, token, conv, id, want string) *deliveryJSON {
	var last *deliveryJSON
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r, err := tryDo(base, "GET", "/api/v1/conversations/"+conv+"/messages", token, nil)
		var out struct {
			Messages []sentReply `json:"messages"`
		}
		if err == nil && json.Unmarshal(r.Body, &out) == nil {
			for _, m := range out.Messages {
				if m.ID == id && m.Delivery != nil {
					if last = m.Delivery; last.Status == want {
						return last
					}
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("delivery of %s: %+v, want status %s", id, last, want)
	return nil
}
