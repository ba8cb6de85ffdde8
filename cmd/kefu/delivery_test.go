package main

import (
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/channeltest"
)

// A reply to an external channel is committed at once as sending, retried through the
// platform's 500s and delivered exactly once; agents see sending, then sent, over the API and
// live as message.updated.
func TestDeliveryRetriesServerErrorsUntilSent(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		fail := channeltest.Answer{Status: 500, Error: "internal error"}
		p := channeltest.NewPlatform(false, fail, fail, fail)
		defer p.Close()
		s := mustRun(t, deliveryMain(t, db, p.URL, textOnly))
		o := s.mustSetupOrg("Deliver")
		conv := mustChannelConversation(t, s.store, o.ID, "cust-1")
		ws := s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["owner"]})
		mustWelcome(t, ws)

		r := s.mustReply(o.Tokens["agent"], conv, "hello from kefu")
		if r.Delivery == nil || r.Delivery.Status != "sending" {
			t.Fatalf("reply answered with delivery %+v, want sending", r.Delivery)
		}
		d := s.waitDelivery(o.Tokens["agent"], conv, r.ID, "sent")
		if d.Attempts != 4 || d.Error != "" || d.PlatformMsgID != "pm-"+r.ID {
			t.Errorf("delivered: %+v, want 4 attempts, no error, platform id pm-%s", d, r.ID)
		}
		var again struct {
			Message   sentReply `json:"message"`
			Duplicate bool      `json:"duplicate"`
		}
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"],
			map[string]string{"content": "hello from kefu", "client_msg_id": r.ClientMsgID}).JSON(t, &again)
		if !again.Duplicate || again.Message.ID != r.ID || again.Message.Delivery == nil || again.Message.Delivery.Status != "sent" {
			t.Errorf("resent reply answered %+v, want the original, duplicate, with its delivery sent", again)
		}
		if got := p.Copies(r.ID); got != 1 || len(p.Received()) != 4 {
			t.Errorf("platform: %d copies from %d requests, want 1 from 4", got, len(p.Received()))
		}
		live := func(typ, status string) frame {
			return readUntil(t, ws, 10*time.Second, func(f frame) bool {
				m, _ := f["message"].(map[string]any)
				dv, _ := m["delivery"].(map[string]any)
				return f.str("type") == typ && m["id"] == r.ID && dv["status"] == status
			})
		}
		live("message.created", "sending")
		f := live("message.updated", "sent")
		if f.str("conversation_id") != conv {
			t.Errorf("message.updated for conversation %q, want %q", f.str("conversation_id"), conv)
		}
	})
}

// A 429's Retry-After is honoured instead of the (here 20–100ms) backoff.
func TestDeliveryHonoursRetryAfter(t *testing.T) {
	p := channeltest.NewPlatform(false, channeltest.Answer{Status: 429, Error: "too many requests", RetryAfter: "1"})
	defer p.Close()
	s := mustRun(t, deliveryMain(t, databases()[0], p.URL, textOnly))
	o := s.mustSetupOrg("Later")
	conv := mustChannelConversation(t, s.store, o.ID, "cust-1")
	r := s.mustReply(o.Tokens["agent"], conv, "after a pause")
	// The platform's answer is recorded just after it is received: wait for the record, which
	// stays for the second Retry-After asks before the next attempt.
	var d *deliveryJSON
	waitFor(t, 5*time.Second, "the rate-limited attempt's outcome", func() bool {
		d = s.delivery(o.Tokens["agent"], conv, r.ID)
		return d != nil && (d.Error != "" || d.Status != "sending")
	})
	if d.Status != "sending" || d.Error != "too many requests" || d.NextAttemptAt == nil {
		t.Errorf("while waiting: %+v, want sending with the platform's reason and the next attempt's time", d)
	}
	s.waitDelivery(o.Tokens["agent"], conv, r.ID, "sent")
	got := p.Received()
	if len(got) != 2 || got[1].At.Sub(got[0].At) < 900*time.Millisecond {
		t.Fatalf("platform got %d requests, the second %v after the first; want 2, at least ~1s apart", len(got), got[1].At.Sub(got[0].At))
	}
}

// A permanent refusal fails at once with the platform's reason; the agent's retry sends it
// again and it is sent; only a failed delivery can be retried.
func TestDeliveryPermanentFailureThenRetry(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		p := channeltest.NewPlatform(false, channeltest.Answer{Status: 400, Error: "the customer blocked the bot"})
		defer p.Close()
		s := mustRun(t, deliveryMain(t, db, p.URL, textOnly))
		o := s.mustSetupOrg("Refused")
		conv := mustChannelConversation(t, s.store, o.ID, "cust-1")
		r := s.mustReply(o.Tokens["agent"], conv, "are you there")
		d := s.waitDelivery(o.Tokens["agent"], conv, r.ID, "failed")
		if d.Error != "the customer blocked the bot" || d.Attempts != 1 {
			t.Errorf("failed: %+v, want the platform's reason after 1 attempt", d)
		}
		retry := "/api/v1/conversations/" + conv + "/messages/" + r.ID + "/retry"
		if c := s.do("POST", retry, o.Tokens["agent"][:10]+"x", nil); c.Status != 401 {
			t.Errorf("retry with a bad token: %d, want 401", c.Status)
		}
		var out struct {
			Message sentReply `json:"message"`
		}
		s.mustDo(200, "POST", retry, o.Tokens["agent"], nil).JSON(t, &out)
		if out.Message.Delivery == nil || out.Message.Delivery.Status != "sending" {
			t.Errorf("retry answered %+v, want the delivery back at sending", out.Message.Delivery)
		}
		s.waitDelivery(o.Tokens["agent"], conv, r.ID, "sent")
		if got := p.Copies(r.ID); got != 1 {
			t.Errorf("platform accepted %d copies, want 1", got)
		}
		if c := s.do("POST", retry, o.Tokens["agent"], nil); c.Status != 409 || c.Code(t) != "conflict" {
			t.Errorf("retry of a sent delivery: %d %s, want 409 conflict", c.Status, c.Body)
		}
	})
}

// The web widget's conversations get no delivery: a reply there carries none and queues no job.
func TestDeliveryNoneForWebConversations(t *testing.T) {
	p := channeltest.NewPlatform(false)
	defer p.Close()
	s := mustRun(t, deliveryMain(t, databases()[0], p.URL, textOnly))
	o := s.mustSetupOrg("Web")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hi")
	if r := s.mustReply(o.Tokens["agent"], conv, "hello visitor"); r.Delivery != nil {
		t.Errorf("web reply has delivery %+v, want none", r.Delivery)
	}
	var jobs struct {
		Jobs []struct {
			Kind string `json:"kind"`
		} `json:"jobs"`
	}
	s.mustDo(200, "GET", "/api/v1/jobs", o.Tokens["owner"], nil).JSON(t, &jobs)
	if slices.ContainsFunc(jobs.Jobs, func(j struct {
		Kind string `json:"kind"`
	}) bool {
		return j.Kind == "channel.delivery"
	}) || len(p.Received()) != 0 {
		t.Errorf("a web reply queued a delivery: jobs %+v, platform got %d", jobs.Jobs, len(p.Received()))
	}
}
