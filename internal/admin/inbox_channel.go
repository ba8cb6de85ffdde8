package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// ChannelInboxes finds inboxes for the channel plumbing, across organisations, secrets opened:
// a platform's webhook names only the inbox, and a channel's runner serves every inbox of its
// type. The store satisfies it.
type ChannelInboxes interface {
	GetInboxAnyOrg(ctx context.Context, id string) (*kefu.Inbox, error)
	InboxesOfChannel(ctx context.Context, t kefu.ChannelType) ([]kefu.Inbox, error)
}

// ChannelConfigurer checks and completes an inbox's channel configuration before it is saved
// (channel.Configurer of the inbox's adapter). cmd/kefu passes one over the channel registry;
// it returns nil for a channel whose adapter has nothing to check.
type ChannelConfigurer interface {
	Configure(ctx context.Context, next, prev *kefu.Inbox) error
}

// InboxForWebhook returns the inbox a webhook URL names, in whichever organisation holds it,
// with its channel secrets opened so the adapter can verify the platform's signature. It is
// for the public /hooks route only: nothing here may reach a response.
func (s *Service) InboxForWebhook(ctx context.Context, id string) (*kefu.Inbox, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetInboxAnyOrg(ctx, id)
}

// InboxesOfChannel lists the inboxes of channel type t in every organisation, secrets opened:
// what a channel's runner serves (channel.InboxSource).
func (s *Service) InboxesOfChannel(ctx context.Context, t kefu.ChannelType) ([]kefu.Inbox, error) {
	return s.store.InboxesOfChannel(ctx, t)
}
