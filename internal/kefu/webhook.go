package kefu

import "time"

// Webhook is an organisation's subscription to events, delivered signed to URL. Its signing
// secret is not part of it: it is shown once when created and read only to sign.
type Webhook struct {
	ID          string   `json:"id"`
	OrgID       string   `json:"org_id"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Events      []string `json:"events"`
	Enabled     bool     `json:"enabled"`
	// ConsecutiveFailures counts failed attempts since the last success; FailingSince is when
	// the first of them happened. Past a limit of either, the webhook is disabled with a reason.
	ConsecutiveFailures int        `json:"consecutive_failures"`
	FailingSince        *time.Time `json:"failing_since"`
	DisabledReason      string     `json:"disabled_reason"`
	DisabledAt          *time.Time `json:"disabled_at"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

// WebhookAttempt is one attempt to deliver one event to a webhook: the delivery log.
type WebhookAttempt struct {
	ID        string `json:"id"`
	OrgID     string `json:"org_id"`
	WebhookID string `json:"webhook_id"`
	// JobID is the delivery's job, and the webhook-id header its receiver deduplicates on.
	JobID      string `json:"job_id"`
	EventType  string `json:"event_type"`
	Attempt    int    `json:"attempt"`
	StatusCode int    `json:"status_code"` // 0: no response
	DurationMS int64  `json:"duration_ms"`
	// ResponseBody is the start of the receiver's answer, truncated.
	ResponseBody string    `json:"response_body"`
	Error        string    `json:"error"`
	CreatedAt    time.Time `json:"created_at"`
}

// WebhookFailurePolicy says when repeated failures disable a webhook: after MaxConsecutive
// failed attempts in a row, or when attempts have failed without a success for MaxFailingFor.
type WebhookFailurePolicy struct {
	MaxConsecutive int
	MaxFailingFor  time.Duration
}
