package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// maxLoggedBody is how much of a receiver's answer the delivery log keeps.
const maxLoggedBody = 1024

// Deliver is the job handler of webhook deliveries: it signs and posts the job's body and logs
// the attempt. A 2xx answer is success; anything else is retried. A webhook deleted, disabled
// (test pings excepted) or whose URL the guard now refuses fails the job for good.
func (s *Service) Deliver(ctx context.Context, j kefu.Job) error {
	var p delivery
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("malformed delivery job: %w", err))
	}
	w, err := s.store.GetWebhook(ctx, j.OrgID, p.WebhookID)
	if kefu.IsNotFound(err) {
		return jobs.Permanent(errors.New("the webhook was deleted"))
	} else if err != nil {
		return err
	}
	if !w.Enabled && p.EventType != EventTest {
		return jobs.Permanent(errors.New("the webhook is disabled"))
	}
	secret, err := s.store.WebhookSecret(ctx, j.OrgID, w.ID)
	if err != nil {
		return err
	}
	attempt := s.post(ctx, w.URL, j.ID, secret, p.Body)
	return s.record(ctx, j, w, p.EventType, attempt)
}

// attemptResult is what one POST came to.
type attemptResult struct {
	status   int
	body     string
	duration time.Duration
	err      error
}

// post sends one signed delivery.
func (s *Service) post(ctx context.Context, url, id, secret string, body []byte) attemptResult {
	ts := s.opts.Now().Unix()
	sig, err := Sign(secret, id, ts, body)
	if err != nil {
		return attemptResult{err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return attemptResult{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kefu-webhooks/1")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return attemptResult{duration: time.Since(start), err: err}
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxLoggedBody))
	r := attemptResult{status: resp.StatusCode, body: validUTF8(answer), duration: time.Since(start)}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		r.err = fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return r
}

// validUTF8 makes a logged answer text, whatever the receiver sent.
func validUTF8(b []byte) string {
	return string(bytes.ToValidUTF8(b, []byte(string(utf8.RuneError))))
}

// record logs the attempt and turns it into the job's result.
func (s *Service) record(ctx context.Context, j kefu.Job, w *kefu.Webhook, typ string, r attemptResult) error {
	d := &kefu.WebhookAttempt{OrgID: j.OrgID, WebhookID: w.ID, JobID: j.ID, EventType: typ, Attempt: j.Attempts,
		StatusCode: r.status, DurationMS: r.duration.Milliseconds(), ResponseBody: r.body}
	if r.err != nil {
		d.Error = r.err.Error()
	}
	policy := &s.opts.Failure
	if typ == EventTest {
		policy = nil // an admin's test says nothing about the events' deliveries
	}
	disabled, err := s.store.RecordWebhookAttempt(ctx, d, policy)
	if err != nil && !kefu.IsNotFound(err) {
		s.log.WarnContext(ctx, "logging a webhook delivery failed", "webhook_id", w.ID, "err", err)
	}
	if disabled {
		s.log.WarnContext(ctx, "webhook disabled after repeated failures", "org_id", w.OrgID, "webhook_id", w.ID)
	}
	if errors.Is(r.err, netguard.ErrRefused) {
		return jobs.Permanent(r.err)
	}
	return r.err
}
