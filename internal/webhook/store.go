package webhook

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what webhooks need of the database; cmd/kefu passes the store in.
type Store interface {
	Subscriptions
	Deliveries
	Outbox
	Pruner
}

// Subscriptions reads and changes webhooks. The signing secret goes in with CreateWebhook and
// comes out only through WebhookSecret.
type Subscriptions interface {
	CreateWebhook(ctx context.Context, w *kefu.Webhook, secret string) error
	GetWebhook(ctx context.Context, orgID, id string) (*kefu.Webhook, error)
	ListWebhooks(ctx context.Context, orgID string) ([]kefu.Webhook, error)
	// UpdateWebhook saves url, description, events and enabled; enabling clears the failures.
	UpdateWebhook(ctx context.Context, w *kefu.Webhook) error
	DeleteWebhook(ctx context.Context, orgID, id string) error
	WebhookSecret(ctx context.Context, orgID, id string) (string, error)
}

// Deliveries are the delivery jobs and their log.
type Deliveries interface {
	InsertJob(ctx context.Context, j *kefu.Job) error
	GetJob(ctx context.Context, orgID, id string) (*kefu.Job, error)
	ListJobs(ctx context.Context, orgID string, q kefu.JobQuery) ([]kefu.Job, error)
	RetryJob(ctx context.Context, orgID, id string) error
	// RecordWebhookAttempt logs an attempt and disables the webhook past policy's limits,
	// reporting whether it did.
	// A nil policy (test pings) leaves the failure count alone.
	RecordWebhookAttempt(ctx context.Context, d *kefu.WebhookAttempt, policy *kefu.WebhookFailurePolicy) (bool, error)
	ListWebhookAttempts(ctx context.Context, orgID, webhookID string, limit int) ([]kefu.WebhookAttempt, error)
}

// Outbox is the event log the dispatcher follows and its cursors.
type Outbox interface {
	// WebhookCursors maps each organisation with an enabled webhook to its last dispatched seq.
	WebhookCursors(ctx context.Context) (map[string]int64, error)
	EnabledWebhooks(ctx context.Context, orgID string) ([]kefu.Webhook, error)
	ListEvents(ctx context.Context, orgID string, afterSeq int64, limit int) ([]kefu.Event, error)
	// AdvanceWebhookCursor moves the cursor from from to to and inserts jobs, atomically;
	// CodeConflict when the cursor is no longer at from.
	AdvanceWebhookCursor(ctx context.Context, orgID string, from, to int64, jobs []kefu.Job) error
	// PreviousConversationStatus is the conversation's status in its last event before seq.
	PreviousConversationStatus(ctx context.Context, orgID, convID string, beforeSeq int64) (kefu.Status, error)
}

// Pruner deletes delivery logs housekeeping no longer needs.
type Pruner interface {
	PruneWebhookAttempts(ctx context.Context, before time.Time) (int64, error)
}
