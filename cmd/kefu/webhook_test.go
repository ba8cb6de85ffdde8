package main

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// webhookMain is a kefu whose webhooks may reach 127.0.0.1 (where the test's receivers listen)
// and retry quickly.
func webhookMain(cfg config.Config, attempts int, failure kefu.WebhookFailurePolicy) *Main {
	return &Main{Config: cfg, Version: "test", JobPoll: 50 * time.Millisecond,
		JobBackoff: jobs.Backoff{Base: 200 * time.Millisecond, Max: time.Second},
		Webhooks:   webhook.Options{MaxAttempts: attempts, Failure: failure}}
}

func webhookConfig(t *testing.T, db database) config.Config {
	cfg := testConfig(t, db)
	cfg.OutboundAllow = []string{"127.0.0.1/32"}
	return cfg
}

type createdWebhook struct {
	Secret  string       `json:"secret"`
	Webhook kefu.Webhook `json:"webhook"`
}

func (s *testServer) mustCreateWebhook(token, url string, events ...string) createdWebhook {
	s.t.Helper()
	var out createdWebhook
	s.mustDo(201, "POST", "/api/v1/webhooks", token, map[string]any{"url": url, "events": events}).JSON(s.t, &out)
	return out
}

type deliveriesView struct {
	Deliveries []webhook.DeliveryView `json:"deliveries"`
	Attempts   []kefu.WebhookAttempt  `json:"attempts"`
}

func (s *testServer) deliveries(token, webhookID string) deliveriesView {
	s.t.Helper()
	var out deliveriesView
	s.mustDo(200, "GET", "/api/v1/webhooks/"+webhookID+"/deliveries", token, nil).JSON(s.t, &out)
	return out
}

// TestWebhookExactlyOnceAcrossRestart: a message sent through the widget API reaches a
// customer's endpoint as one signed message.created, although the endpoint fails the first
// attempts and kefu restarts between them.
func TestWebhookExactlyOnceAcrossRestart(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := webhookConfig(t, db)
		recv := newReceiver(t, 2)
		first := &testServer{Main: webhookMain(cfg, 10, kefu.WebhookFailurePolicy{}), t: t}
		if err := first.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		o := first.mustSetupOrg("Hooks")
		hook := first.mustCreateWebhook(o.Tokens["owner"], recv.URL+"/hook", "message.created")
		recv.setSecret(hook.Secret)
		v := first.mustVisitor(o.WidgetKey)
		conv := first.mustStartConversation(v, "first")
		mustRESTSend(t, first, v.Token, conv, "c-1", "hello hook", true)
		waitFor(t, 10*time.Second, "a failed attempt", func() bool { return len(recv.matching("message.created", "hello hook")) >= 1 })
		if err := first.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
		second := mustRun(t, webhookMain(cfg, 10, kefu.WebhookFailurePolicy{}))
		waitFor(t, 20*time.Second, "the delivery accepted", func() bool {
			for _, g := range recv.matching("message.created", "hello hook") {
				if g.Accepted {
					return true
				}
			}
			return false
		})
		got := recv.matching("message.created", "hello hook")
		ids, accepted := map[string]bool{}, 0
		for _, g := range got {
			if g.Err != nil {
				t.Errorf("delivery %s: %v", g.ID, g.Err)
			}
			ids[g.ID] = true
			if g.Accepted {
				accepted++
			}
		}
		if len(ids) != 1 || accepted != 1 || len(got) != 3 {
			t.Errorf("got %d attempts under %d webhook-ids, %d accepted; want 3 attempts of one id, 1 accepted", len(got), len(ids), accepted)
		}
		time.Sleep(300 * time.Millisecond) // a duplicate job would be due by now
		if n := len(recv.matching("message.created", "hello hook")); n != len(got) {
			t.Errorf("after acceptance: %d attempts, want %d", n, len(got))
		}
		var done *webhook.DeliveryView
		for _, d := range second.deliveries(o.Tokens["owner"], hook.Webhook.ID).Deliveries {
			if ids[d.JobID] {
				done = &d
			}
		}
		if done == nil || done.Status != kefu.JobDone || done.Attempts != 3 || done.LastAttempt == nil || done.LastAttempt.StatusCode != 200 {
			t.Errorf("delivery log: got %+v, want done after 3 attempts, the last answered 200", done)
		}
	})
}

// TestWebhookFailingReceiver: a receiver that always fails gets retries with backoff until the
// delivery is dead; its sixth failure in a row disables the webhook with a reason admins see.
func TestWebhookFailingReceiver(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		recv := newReceiver(t, -1)
		s := mustRun(t, webhookMain(webhookConfig(t, db), 3, kefu.WebhookFailurePolicy{MaxConsecutive: 6}))
		o := s.mustSetupOrg("Failing")
		hook := s.mustCreateWebhook(o.Tokens["owner"], recv.URL, "message.created", "conversation.created")
		recv.setSecret(hook.Secret)
		v := s.mustVisitor(o.WidgetKey)
		s.mustStartConversation(v, "one") // a conversation.created and a message.created
		waitFor(t, 20*time.Second, "both deliveries dead", func() bool {
			d := s.deliveries(o.Tokens["owner"], hook.Webhook.ID).Deliveries
			return len(d) == 2 && d[0].Status == kefu.JobDead && d[1].Status == kefu.JobDead
		})
		byID := map[string][]received{}
		for _, g := range recv.snapshot() {
			byID[g.ID] = append(byID[g.ID], g)
		}
		for id, tries := range byID {
			if len(tries) != 3 {
				t.Errorf("delivery %s: %d attempts, want 3", id, len(tries))
			}
			for i := 1; i < len(tries); i++ {
				if gap := tries[i].At.Sub(tries[i-1].At); gap < 100*time.Millisecond {
					t.Errorf("delivery %s: retry %d after %v, want a backoff of at least half the 200ms base", id, i, gap)
				}
			}
		}
		var w kefu.Webhook
		waitFor(t, 5*time.Second, "the webhook disabled", func() bool {
			var list struct {
				Webhooks []kefu.Webhook `json:"webhooks"`
			}
			s.mustDo(200, "GET", "/api/v1/webhooks", o.Tokens["owner"], nil).JSON(t, &list)
			w = list.Webhooks[0]
			return !w.Enabled
		})
		if w.DisabledReason == "" || w.DisabledAt == nil {
			t.Errorf("disabled webhook: got reason %q at %v, want both", w.DisabledReason, w.DisabledAt)
		}
	})
}

// TestWebhookAdministration: URLs are guarded when saved, only webhook managers manage, a
// resolve is one conversation.resolved, and pings, resends and the jobs view work.
func TestWebhookAdministration(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		recv := newReceiver(t, 0)
		s := mustRun(t, webhookMain(webhookConfig(t, db), 3, kefu.WebhookFailurePolicy{}))
		o := s.mustSetupOrg("Admin")
		owner := o.Tokens["owner"]
		for _, url := range []string{"http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:9/", "http://10.0.0.1/", "file:///etc/passwd"} {
			r := s.do("POST", "/api/v1/webhooks", owner, map[string]any{"url": url, "events": []string{"message.created"}})
			wantProblem(t, "saving "+url, r, 422, "invalid_input")
		}
		r := s.do("POST", "/api/v1/webhooks", o.Tokens["supervisor"], map[string]any{"url": recv.URL, "events": []string{"message.created"}})
		wantProblem(t, "a supervisor creating a webhook", r, 403, "forbidden")
		hook := s.mustCreateWebhook(owner, recv.URL, "conversation.created", "conversation.resolved")
		recv.setSecret(hook.Secret)

		s.mustDo(202, "POST", "/api/v1/webhooks/"+hook.Webhook.ID+"/ping", owner, nil)
		waitFor(t, 10*time.Second, "the ping", func() bool { return len(recv.matching(webhook.EventTest, "")) == 1 })

		conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hi")
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/status", owner, map[string]string{"status": "resolved"})
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/priority", owner, map[string]string{"priority": "urgent"})
		s.mustStartConversation(s.mustVisitor(o.WidgetKey), "later") // dispatched after the priority change
		// Deliveries run on several workers, so they may arrive in any order: wait for all three.
		waitFor(t, 10*time.Second, "both conversation.created and the resolve", func() bool {
			return len(recv.matching("conversation.created", "")) == 2 && len(recv.matching("conversation.resolved", "")) >= 1
		})
		resolved := recv.matching("conversation.resolved", "")
		if len(resolved) != 1 || resolved[0].Err != nil {
			t.Fatalf("conversation.resolved: got %+v, want one, correctly signed", resolved)
		}

		// The receiver has the delivery a moment before its job records the outcome; a resend
		// of a job still running is refused (409), so try until it is taken.
		resend := "/api/v1/webhooks/" + hook.Webhook.ID + "/deliveries/" + resolved[0].ID + "/resend"
		waitFor(t, 10*time.Second, "the resend accepted", func() bool { return s.do("POST", resend, owner, nil).Status == 202 })
		waitFor(t, 10*time.Second, "the resend", func() bool { return len(recv.matching("conversation.resolved", "")) == 2 })
		if again := recv.matching("conversation.resolved", ""); again[1].ID != resolved[0].ID {
			t.Errorf("resent with webhook-id %s, want the original %s", again[1].ID, resolved[0].ID)
		}

		// The ping, two conversation.created and the resolve; the resend is recorded just after
		// the receiver answered.
		waitFor(t, 10*time.Second, "4 done jobs of the webhook", func() bool {
			var list struct {
				Jobs []kefu.Job `json:"jobs"`
			}
			s.mustDo(200, "GET", "/api/v1/jobs?ref="+hook.Webhook.ID+"&status=done", o.Tokens["admin"], nil).JSON(t, &list)
			return len(list.Jobs) == 4
		})
		wantProblem(t, "a supervisor listing jobs", s.do("GET", "/api/v1/jobs", o.Tokens["supervisor"], nil), 403, "forbidden")
		wantProblem(t, "an unknown job status", s.do("GET", "/api/v1/jobs?status=lost", owner, nil), 422, "invalid_input")

		var off kefu.Webhook
		s.mustDo(200, "PATCH", "/api/v1/webhooks/"+hook.Webhook.ID, owner, map[string]any{"enabled": false}).JSON(t, &off)
		if off.Enabled {
			t.Error("the webhook is still enabled after disabling it")
		}
	})
}

// TestNoWebhookCostsNoWrites: without an enabled webhook the job runner and the dispatcher
// poll without writing, and messages queue no jobs: the message path pays nothing for them.
func TestNoWebhookCostsNoWrites(t *testing.T) {
	s := mustRun(t, webhookMain(webhookConfig(t, databases()[0]), 3, kefu.WebhookFailurePolicy{}))
	o := s.mustSetupOrg("Quiet")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hello")
	_, before := s.store.WriterStats()
	time.Sleep(20 * s.JobPoll) // many idle polls of both
	if _, after := s.store.WriterStats(); after != before {
		t.Errorf("idle runner and dispatcher wrote %d times", after-before)
	}
	_, before = s.store.WriterStats()
	for i := range 5 {
		mustRESTSend(t, s, v.Token, conv, "q-"+itoa(int64(i)), "quiet", true)
	}
	if _, after := s.store.WriterStats(); after-before != 5 {
		t.Errorf("5 messages took %d writes, want 5", after-before)
	}
	var list struct {
		Jobs []kefu.Job `json:"jobs"`
	}
	s.mustDo(200, "GET", "/api/v1/jobs", o.Tokens["owner"], nil).JSON(t, &list)
	if len(list.Jobs) != 0 {
		t.Errorf("jobs without a webhook: got %d, want none", len(list.Jobs))
	}
}
