package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/webhook"
)

type webhookListOutput struct {
	Body struct {
		Webhooks   []kefu.Webhook `json:"webhooks"`
		EventTypes []string       `json:"event_types" doc:"The event types a webhook may subscribe to"`
	}
}

func (s *server) listWebhooks(ctx context.Context, _ *struct{}) (*webhookListOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Webhooks.List(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &webhookListOutput{}
	out.Body.Webhooks, out.Body.EventTypes = list, webhook.EventTypes()
	return out, nil
}

type createWebhookOutput struct {
	Status int
	Body   struct {
		Secret  string        `json:"secret" doc:"The signing secret (whsec_...). It is shown only this once"`
		Webhook *kefu.Webhook `json:"webhook"`
	}
}

func (s *server) createWebhook(ctx context.Context, in *struct {
	Body struct {
		URL         string   `json:"url" maxLength:"2048" doc:"http(s) URL; private and loopback addresses are refused"`
		Description string   `json:"description,omitempty" maxLength:"800"`
		Events      []string `json:"events" maxItems:"20" doc:"Event types to deliver"`
		Enabled     *bool    `json:"enabled,omitempty" doc:"Default true"`
	}
}) (*createWebhookOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	w, secret, err := s.Webhooks.Create(ctx, actor, webhook.Input{URL: in.Body.URL, Description: in.Body.Description,
		Events: in.Body.Events, Enabled: in.Body.Enabled})
	if err != nil {
		return nil, err
	}
	out := &createWebhookOutput{Status: 201}
	out.Body.Secret, out.Body.Webhook = secret, w
	return out, nil
}

type webhookOutput struct {
	Body *kefu.Webhook
}

func (s *server) updateWebhook(ctx context.Context, in *struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		URL         *string  `json:"url,omitempty" maxLength:"2048"`
		Description *string  `json:"description,omitempty" maxLength:"800"`
		Events      []string `json:"events,omitempty" maxItems:"20"`
		Enabled     *bool    `json:"enabled,omitempty" doc:"Enabling a webhook that failures disabled clears its failure count"`
	}
}) (*webhookOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.Webhooks.Update(ctx, actor, in.ID, webhook.Patch{URL: in.Body.URL, Description: in.Body.Description,
		Events: in.Body.Events, Enabled: in.Body.Enabled})
	if err != nil {
		return nil, err
	}
	return &webhookOutput{Body: w}, nil
}

func (s *server) deleteWebhook(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Webhooks.Delete(ctx, actor, in.ID)
}

type webhookDeliveriesOutput struct {
	Body struct {
		Deliveries []webhook.DeliveryView `json:"deliveries" doc:"Latest deliveries, newest first, each with its latest attempt"`
		Attempts   []kefu.WebhookAttempt  `json:"attempts" doc:"The log of attempts, newest first"`
	}
}

func (s *server) webhookDeliveries(ctx context.Context, in *struct {
	ID    string `path:"id" maxLength:"36"`
	Limit int    `query:"limit" minimum:"0" maximum:"200" doc:"Default 50"`
}) (*webhookDeliveriesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	deliveries, attempts, err := s.Webhooks.Deliveries(ctx, actor, in.ID, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &webhookDeliveriesOutput{}
	out.Body.Deliveries, out.Body.Attempts = deliveries, attempts
	return out, nil
}

type acceptedOutput struct {
	Status int
}

func (s *server) resendDelivery(ctx context.Context, in *struct {
	ID    string `path:"id" maxLength:"36"`
	JobID string `path:"job_id" maxLength:"36"`
}) (*acceptedOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Webhooks.Resend(ctx, actor, in.ID, in.JobID); err != nil {
		return nil, err
	}
	return &acceptedOutput{Status: 202}, nil
}

type jobOutput struct {
	Status int
	Body   *kefu.Job
}

func (s *server) pingWebhook(ctx context.Context, in *idInput) (*jobOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	j, err := s.Webhooks.Ping(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &jobOutput{Status: 202, Body: j}, nil
}
