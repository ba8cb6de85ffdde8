package admin

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/auth"
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

// noWidgetPrefix starts the internal widget key of an inbox of another channel than the web:
// the column is unique and required, and no widget key has this form, so no widget can open a
// session on such an inbox (InboxByWidgetKey refuses them all the same).
const noWidgetPrefix = "nowidget_"

// inboxWidgetKey is the widget key a new inbox of channel ch gets.
func inboxWidgetKey(ch kefu.ChannelType) string {
	if ch == kefu.ChannelWeb {
		return auth.NewWidgetKey()
	}
	return noWidgetPrefix + auth.NewIdentitySecret()
}

// channelOf is the channel a new inbox is created with: the web widget unless one is named.
func channelOf(ch kefu.ChannelType) (kefu.ChannelType, error) {
	if ch == "" {
		return kefu.ChannelWeb, nil
	}
	if !ch.Valid() {
		return "", kefu.FieldError("channel", "channel must be one of %v", kefu.ChannelTypes())
	}
	return ch, nil
}

// applyChannel applies the channel part of p to ib: its configuration, checked and completed
// with defaults, and its credentials, then lets the channel's adapter check and complete them
// (prev is the stored inbox, nil on create). It returns the secrets the adapter generated for
// the administrator to see once.
func (s *Service) applyChannel(ctx context.Context, ib, prev *kefu.Inbox, p InboxPatch) (kefu.ChannelSecrets, error) {
	if p.Channel != nil && *p.Channel != ib.Channel {
		return kefu.ChannelSecrets{}, kefu.FieldError("channel", "an inbox's channel is fixed when it is created (this one is %s): create another inbox instead", ib.Channel)
	}
	ib.Config = cloneConfig(ib.Config)
	if err := s.applyChannelConfig(ib, prev, p.Config); err != nil {
		return kefu.ChannelSecrets{}, err
	}
	var err error
	if p.Secrets != nil {
		if ib.Secrets, err = applySecrets(ib.Channel, ib.Secrets, *p.Secrets); err != nil {
			return kefu.ChannelSecrets{}, err
		}
	} else if err := requiredSecrets(ib.Channel, ib.Secrets); err != nil {
		return kefu.ChannelSecrets{}, err
	}
	before := ib.Secrets
	if s.channels != nil && (prev == nil || p.Config != nil || p.Secrets != nil) {
		if err := s.channels.Configure(ctx, ib, withoutCleared(prev, p.Secrets)); err != nil {
			return kefu.ChannelSecrets{}, err
		}
	}
	ib.Config.SecretsSet = ib.Secrets.Names()
	return generatedSecrets(before, ib.Secrets), nil
}

// applyChannelConfig replaces ib's channel configuration with cfg, checked; nil keeps it,
// except that a new channel inbox must have one. What Telegram said of the bot is kept: a
// request cannot set it.
func (s *Service) applyChannelConfig(ib, prev *kefu.Inbox, cfg *kefu.ChannelConfig) error {
	if cfg == nil && (prev != nil || ib.Channel == kefu.ChannelWeb) {
		return nil
	}
	if cfg == nil {
		cfg = &kefu.ChannelConfig{}
	}
	clean, err := cleanChannelConfig(ib.Channel, cloneConfig(*cfg))
	if err != nil {
		return err
	}
	if clean.Telegram != nil {
		clean.Telegram.BotUsername = ""
		if prev != nil && prev.Config.Telegram != nil {
			clean.Telegram.BotUsername = prev.Config.Telegram.BotUsername
		}
	}
	ib.Config = clean
	return nil
}

// cloneConfig copies c's members, so that changing the copy (as a Configurer does) leaves c as
// it was.
func cloneConfig(c kefu.ChannelConfig) kefu.ChannelConfig {
	if c.Email != nil {
		e := *c.Email
		c.Email = &e
	}
	if c.Telegram != nil {
		t := *c.Telegram
		c.Telegram = &t
	}
	if c.API != nil {
		a := *c.API
		c.API = &a
	}
	c.SecretsSet = slices.Clone(c.SecretsSet)
	return c
}

// withoutCleared is prev as the adapter's Configurer is to see it: without the secrets p
// clears. Configurers keep a stored secret that next leaves empty (the contract), which would
// otherwise undo the clearing.
func withoutCleared(prev *kefu.Inbox, p *SecretsPatch) *kefu.Inbox {
	if prev == nil || p == nil || len(p.Clear) == 0 {
		return prev
	}
	c := *prev
	for _, name := range p.Clear {
		if f := secretField(&c.Secrets, name); f != nil {
			*f = ""
		}
	}
	return &c
}
