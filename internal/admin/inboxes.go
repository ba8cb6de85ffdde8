package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboxInput creates an inbox: a web widget, or a channel (email, Telegram, the API channel)
// with its configuration and credentials.
type InboxInput struct {
	Channel         kefu.ChannelType    // "" = web; fixed once created
	Config          *kefu.ChannelConfig // only the member of Channel; nil = none (a web inbox)
	Secrets         kefu.ChannelSecrets // the channel's credentials, write-only
	Name            string
	Greeting        string
	AllowedOrigins  []string // empty = any site may embed the widget
	EnforceIdentity bool
	MemberIDs       []string             // empty = every agent answers it
	TeamIDs         []string             // teams attached, whose agents see it under team scoping
	Widget          *kefu.WidgetSettings // nil = kefu.DefaultWidgetSettings
	Routing         *kefu.InboxRouting   // nil = always open, no queue limit
	Bot             *kefu.BotSettings    // nil = no bot
}

// InboxPatch changes an inbox; nil fields stay as they are. RotateIdentitySecret replaces the
// identity secret, invalidating every identity hash the customer's backend computed with the old.
type InboxPatch struct {
	Name                 *string
	Greeting             *string
	AllowedOrigins       *[]string
	EnforceIdentity      *bool
	MemberIDs            *[]string
	TeamIDs              *[]string
	Widget               *kefu.WidgetSettings // replaces the widget settings whole
	PIIPolicy            *kefu.PIIPolicy
	Routing              *kefu.InboxRouting // replaces business hours and queue limit whole
	Bot                  *kefu.BotSettings  // replaces the bot's settings whole
	RotateIdentitySecret bool
	// Channel may only name the inbox's own channel: it is fixed at creation.
	Channel *kefu.ChannelType
	Config  *kefu.ChannelConfig // replaces the channel configuration whole
	Secrets *SecretsPatch       // changes the channel credentials (write-only)
}

// ListInboxes returns the inboxes of the actor's organisation, without identity secrets.
func (s *Service) ListInboxes(ctx context.Context, actor kefu.Actor) ([]kefu.Inbox, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	inboxes, err := s.store.ListInboxes(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for i := range inboxes {
		inboxes[i].IdentitySecret, inboxes[i].Secrets = "", kefu.ChannelSecrets{}
	}
	return inboxes, nil
}

// GetInbox returns an inbox of the actor's organisation, without its identity secret.
func (s *Service) GetInbox(ctx context.Context, actor kefu.Actor, id string) (*kefu.Inbox, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	in, err := s.inbox(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return withoutSecret(in), nil
}

// CreateInbox creates an inbox with a fresh widget key and identity secret (inboxes.manage).
// A channel inbox's configuration is checked by kefu and then by its adapter (a bot token
// getMe accepts, a signing secret generated). The returned inbox holds, of its credentials,
// only those kefu generated for the administrator to hand on: shown once, never again.
func (s *Service) CreateInbox(ctx context.Context, actor kefu.Actor, in InboxInput) (*kefu.Inbox, error) {
	if err := requirePerm(actor, kefu.PermInboxesManage); err != nil {
		return nil, err
	}
	ch, err := channelOf(in.Channel)
	if err != nil {
		return nil, err
	}
	ib := &kefu.Inbox{
		ID: newID(), OrgID: actor.OrgID, Channel: ch,
		WidgetKey: inboxWidgetKey(ch), IdentitySecret: auth.NewIdentitySecret(),
		Widget:  kefu.DefaultWidgetSettings(),
		Routing: kefu.InboxRouting{BusinessHours: kefu.BusinessHours{Weekly: []kefu.DayHours{}, Special: []kefu.SpecialDay{}}},
	}
	p := InboxPatch{
		Name: &in.Name, Greeting: &in.Greeting, AllowedOrigins: &in.AllowedOrigins,
		EnforceIdentity: &in.EnforceIdentity, MemberIDs: &in.MemberIDs, TeamIDs: &in.TeamIDs, Widget: in.Widget,
		Routing: in.Routing, Bot: in.Bot, Config: in.Config, Secrets: &SecretsPatch{Set: in.Secrets},
	}
	if err := s.applyInboxPatch(ctx, ib, p); err != nil {
		return nil, err
	}
	// The adapter's checks come last, with the inbox complete (its id names its webhook URL).
	generated, err := s.applyChannel(ctx, ib, nil, p)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateInbox(s.within(ctx, actor, ActionInboxCreated, "inbox", ib.ID, nil, auditFields(ib)), ib); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "inbox created", "org_id", ib.OrgID, "inbox_id", ib.ID, "channel", string(ib.Channel), "by", actor.AgentID)
	return withGenerated(ib, generated), nil
}

// UpdateInbox changes an inbox (inboxes.manage).
func (s *Service) UpdateInbox(ctx context.Context, actor kefu.Actor, id string, p InboxPatch) (*kefu.Inbox, error) {
	ib, err := s.inboxForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was, prev := auditFields(ib), *ib
	if err := s.applyInboxPatch(ctx, ib, p); err != nil {
		return nil, err
	}
	generated, err := s.applyChannel(ctx, ib, &prev, p)
	if err != nil {
		return nil, err
	}
	if p.RotateIdentitySecret {
		ib.IdentitySecret = auth.NewIdentitySecret()
	}
	action := ActionInboxUpdated
	if p.RotateIdentitySecret {
		action = ActionInboxSecretRotate // the secret itself is never recorded
	}
	if err := s.store.UpdateInbox(s.within(ctx, actor, action, "inbox", ib.ID, was, withSecretsChanged(auditFields(ib), p.Secrets)), ib); err != nil {
		return nil, err
	}
	if p.PIIPolicy != nil {
		s.inboxChanged(ib.OrgID)
		s.log.InfoContext(ctx, "inbox pii policy set", "org_id", ib.OrgID, "inbox_id", ib.ID, "policy", ib.PIIPolicy, "by", actor.AgentID)
	}
	if p.TeamIDs != nil {
		s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: ib.OrgID, All: true})
	}
	if p.Routing != nil || p.MemberIDs != nil {
		s.routingChanged(ib.OrgID) // hours, queue limit or the inbox's agents changed
	}
	if p.RotateIdentitySecret {
		s.log.InfoContext(ctx, "inbox identity secret rotated", "org_id", ib.OrgID, "inbox_id", ib.ID, "by", actor.AgentID)
	}
	if p.Secrets != nil {
		// Which secrets changed, never their values.
		s.log.InfoContext(ctx, "inbox channel secrets changed", "org_id", ib.OrgID, "inbox_id", ib.ID, "secrets_set", ib.Config.SecretsSet, "by", actor.AgentID)
	}
	return withGenerated(ib, generated), nil
}

// DeleteInbox deletes an inbox (inboxes.manage).
func (s *Service) DeleteInbox(ctx context.Context, actor kefu.Actor, id string) error {
	ib, err := s.inboxForAdmin(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteInbox(ctx, ib.OrgID, ib.ID); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "inbox deleted", "org_id", ib.OrgID, "inbox_id", ib.ID, "by", actor.AgentID)
	// Recorded after: the delete takes many writes (see DeleteInbox), and a repeat finishes it.
	s.record(ctx, actor, ActionInboxDeleted, "inbox", ib.ID, map[string]any{"name": ib.Name}, nil)
	return nil
}

// InboxSecret returns an inbox's identity secret (inboxes.manage). It is the only method that
// hands the secret to an agent: whoever holds it can vouch for any visitor identity.
func (s *Service) InboxSecret(ctx context.Context, actor kefu.Actor, id string) (string, error) {
	ib, err := s.inboxForAdmin(ctx, actor, id)
	if err != nil {
		return "", err
	}
	s.record(ctx, actor, ActionInboxSecretViewed, "inbox", ib.ID, nil, nil)
	return ib.IdentitySecret, nil
}

// InboxByWidgetKey finds the inbox a widget key names, for the public widget endpoints; an
// unknown key is not found. Unlike the agent-facing reads it keeps IdentitySecret, because the
// widget channel verifies identity hashes with it on the server; it must never be sent out
// (the field is not serialised).
func (s *Service) InboxByWidgetKey(ctx context.Context, key string) (*kefu.Inbox, error) {
	if key == "" || len(key) > 128 {
		return nil, kefu.ErrNotFound
	}
	in, err := s.store.GetInboxByWidgetKey(ctx, key)
	if err == nil && in.Channel != kefu.ChannelWeb {
		return nil, kefu.ErrNotFound // another channel's inbox has no widget
	}
	return in, err
}

// inbox loads an inbox of the actor's organisation; anything else is not found.
func (s *Service) inbox(ctx context.Context, actor kefu.Actor, id string) (*kefu.Inbox, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	return s.store.GetInbox(ctx, actor.OrgID, id)
}

// inboxForAdmin loads an inbox the actor may change: not found outside the organisation,
// forbidden without inboxes.manage.
func (s *Service) inboxForAdmin(ctx context.Context, actor kefu.Actor, id string) (*kefu.Inbox, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	ib, err := s.inbox(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := requirePerm(actor, kefu.PermInboxesManage); err != nil {
		return nil, err
	}
	return ib, nil
}

// applyInboxPatch validates p's fields and applies them to ib.
func (s *Service) applyInboxPatch(ctx context.Context, ib *kefu.Inbox, p InboxPatch) error {
	var err error
	if p.Name != nil {
		if ib.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return err
		}
	}
	if p.Greeting != nil {
		if ib.Greeting, err = cleanText("greeting", *p.Greeting, maxGreetingLen); err != nil {
			return err
		}
	}
	if p.AllowedOrigins != nil {
		if ib.AllowedOrigins, err = cleanOrigins("allowed_origins", *p.AllowedOrigins); err != nil {
			return err
		}
	}
	if p.EnforceIdentity != nil {
		ib.EnforceIdentity = *p.EnforceIdentity
	}
	if p.Widget != nil {
		if ib.Widget, err = cleanWidget(*p.Widget); err != nil {
			return err
		}
		if ib.Widget.Triggers, err = s.cleanTriggers(ctx, ib.OrgID, ib.Widget.Triggers); err != nil {
			return err
		}
	}
	if p.Routing != nil {
		if ib.Routing, err = cleanInboxRouting(*p.Routing); err != nil {
			return err
		}
	}
	if p.Bot != nil {
		if ib.Bot, err = cleanBotSettings(*p.Bot); err != nil {
			return err
		}
	}
	if p.PIIPolicy != nil {
		if !p.PIIPolicy.Valid() {
			return kefu.FieldError("pii_policy", "pii_policy must be off, mask or mask_at_storage")
		}
		ib.PIIPolicy = *p.PIIPolicy
	}
	if p.MemberIDs != nil {
		if ib.MemberIDs, err = s.cleanMembers(ctx, ib.OrgID, "member_ids", *p.MemberIDs); err != nil {
			return err
		}
	}
	if p.TeamIDs != nil {
		// The store checks the teams belong to the organisation in the writing transaction.
		if ib.TeamIDs, err = cleanIDs("team_ids", *p.TeamIDs); err != nil {
			return err
		}
	}
	return nil
}

// withoutSecret returns a copy of ib with the identity secret and channel credentials blanked.
func withoutSecret(ib *kefu.Inbox) *kefu.Inbox {
	return withGenerated(ib, kefu.ChannelSecrets{})
}

// withGenerated returns a copy of ib without its secrets but those kefu just generated for the
// administrator to see once.
func withGenerated(ib *kefu.Inbox, generated kefu.ChannelSecrets) *kefu.Inbox {
	c := *ib
	c.IdentitySecret, c.Secrets = "", generated
	return &c
}
