package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// greetingAttempts bounds a greeting's tries: the platform takes messages for only a minute
// after a subscribe or session entry, so retrying longer is pointless.
const greetingAttempts = 4

// greetingJob is the payload of a greeting job.
type greetingJob struct {
	InboxID string `json:"inbox_id"`
	OpenID  string `json:"openid"`
}

// greetingKind is the job kind of this adapter's greetings: "wechat.greeting" or
// "miniprogram.greeting".
func (a *Adapter) greetingKind() string { return string(a.typ) + ".greeting" }

// JobHandlers registers the greeting job.
func (a *Adapter) JobHandlers() map[string]func(ctx context.Context, j kefu.Job) error {
	return map[string]func(ctx context.Context, j kefu.Job) error{a.greetingKind(): a.greet}
}

// queueGreeting commits a greeting job for openID and wakes the runner.
func (a *Adapter) queueGreeting(ctx context.Context, inbox *kefu.Inbox, openID string) error {
	payload, err := json.Marshal(greetingJob{InboxID: inbox.ID, OpenID: openID})
	if err != nil {
		return err
	}
	j := &kefu.Job{OrgID: inbox.OrgID, Kind: a.greetingKind(), Ref: inbox.ID, Payload: payload, MaxAttempts: greetingAttempts}
	if err := a.store.InsertJob(ctx, j); err != nil {
		return err
	}
	a.notify()
	return nil
}

// greet sends the inbox's greeting through the customer-service API. An inbox deleted or
// left without a greeting since is nothing to do; a refusal no retry can change is final.
func (a *Adapter) greet(ctx context.Context, j kefu.Job) error {
	var p greetingJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	inbox, err := a.store.GetInboxAnyOrg(ctx, p.InboxID)
	if kefu.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if inbox.OrgID != j.OrgID || inbox.Channel != a.typ {
		return jobs.Permanent(errors.New("wechat: greeting job for another inbox"))
	}
	text := strings.TrimSpace(inbox.Greeting)
	if text == "" {
		return nil
	}
	err = deliveryError(a.sendText(ctx, inbox, p.OpenID, text))
	if ok, _ := channel.Retryable(err); err != nil && !ok {
		return jobs.Permanent(err)
	}
	return err
}
