package webhook

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DeliveryView is one event's delivery to a webhook as admins see it: its job's state with the
// latest attempt.
type DeliveryView struct {
	JobID       string               `json:"job_id"`
	EventType   string               `json:"event_type"`
	Status      kefu.JobStatus       `json:"status"`
	Attempts    int                  `json:"attempts"`
	MaxAttempts int                  `json:"max_attempts"`
	NextAttempt *time.Time           `json:"next_attempt_at"` // set while pending or failed
	LastError   string               `json:"last_error"`
	CreatedAt   time.Time            `json:"created_at"`
	LastAttempt *kefu.WebhookAttempt `json:"last_attempt"` // nil before the first attempt
}

// Deliveries returns the webhook's latest deliveries, newest first, and its log of attempts.
func (s *Service) Deliveries(ctx context.Context, actor kefu.Actor, webhookID string, limit int) ([]DeliveryView, []kefu.WebhookAttempt, error) {
	if _, err := s.Get(ctx, actor, webhookID); err != nil {
		return nil, nil, err
	}
	jobs, err := s.store.ListJobs(ctx, actor.OrgID, kefu.JobQuery{Ref: webhookID, Limit: limit})
	if err != nil {
		return nil, nil, err
	}
	attempts, err := s.store.ListWebhookAttempts(ctx, actor.OrgID, webhookID, 200)
	if err != nil {
		return nil, nil, err
	}
	return deliveryViews(jobs, attempts), attempts, nil
}

// deliveryViews pairs each job with its newest attempt (attempts come newest first).
func deliveryViews(jobs []kefu.Job, attempts []kefu.WebhookAttempt) []DeliveryView {
	latest := map[string]*kefu.WebhookAttempt{}
	for i := range attempts {
		if _, ok := latest[attempts[i].JobID]; !ok {
			latest[attempts[i].JobID] = &attempts[i]
		}
	}
	out := make([]DeliveryView, 0, len(jobs))
	for _, j := range jobs {
		var p delivery
		_ = json.Unmarshal(j.Payload, &p) // a job we wrote; a broken one shows without a type
		d := DeliveryView{JobID: j.ID, EventType: p.EventType, Status: j.Status, Attempts: j.Attempts,
			MaxAttempts: j.MaxAttempts, LastError: j.LastError, CreatedAt: j.CreatedAt, LastAttempt: latest[j.ID]}
		if j.Status == kefu.JobPending || j.Status == kefu.JobFailed {
			d.NextAttempt = &j.RunAt
		}
		out = append(out, d)
	}
	return out
}

// Resend queues a delivery of the webhook again, now, whatever became of it: the same body and
// webhook-id, so a receiver that deduplicates sees one event.
func (s *Service) Resend(ctx context.Context, actor kefu.Actor, webhookID, jobID string) error {
	if _, err := s.Get(ctx, actor, webhookID); err != nil {
		return err
	}
	j, err := s.store.GetJob(ctx, actor.OrgID, jobID)
	if err != nil {
		return err
	}
	if j.Kind != JobKind || j.Ref != webhookID {
		return kefu.ErrNotFound
	}
	ctx = s.within(ctx, actor, ActionWebhookResent, webhookID, nil, map[string]any{"job_id": jobID})
	if err := s.store.RetryJob(ctx, actor.OrgID, jobID); err != nil {
		return err
	}
	s.opts.Notify()
	return nil
}

// Ping queues a webhook.test delivery to the webhook, enabled or not, and returns its job.
func (s *Service) Ping(ctx context.Context, actor kefu.Actor, webhookID string) (*kefu.Job, error) {
	w, err := s.Get(ctx, actor, webhookID)
	if err != nil {
		return nil, err
	}
	now := s.opts.Now()
	j, err := deliveryJob(w, EventTest, eventData{OrgID: w.OrgID, WebhookID: w.ID}, now, 1)
	if err != nil {
		return nil, err
	}
	if err := s.store.InsertJob(ctx, &j); err != nil {
		return nil, err
	}
	s.opts.Notify()
	return &j, nil
}

// Prune deletes delivery log rows older than before.
func (s *Service) Prune(ctx context.Context, before time.Time) error {
	_, err := s.store.PruneWebhookAttempts(ctx, before)
	return err
}
