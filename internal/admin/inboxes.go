package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboxInput creates a web widget inbox.
type InboxInput struct {
	Name            string
	Greeting        string
	AllowedOrigins  []string // empty = any site may embed the widget
	EnforceIdentity bool
	MemberIDs       []string             // empty = every agent answers it
	TeamIDs         []string             // teams attached, whose agents see it under team scoping
	Widget          *kefu.WidgetSettings // nil = kefu.DefaultWidgetSettings
	Routing         *kefu.InboxRouting   // nil = always open, no queue limit
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
	RotateIdentitySecret bool
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
		inboxes[i].IdentitySecret = ""
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

// CreateInbox creates a web widget inbox with a fresh widget key and identity secret (admin
// and above).
func (s *Service) CreateInbox(ctx context.Context, actor kefu.Actor, in InboxInput) (*kefu.Inbox, error) {
	if err := requirePerm(actor, kefu.PermInboxesManage); err != nil {
		return nil, err
	}
	ib := &kefu.Inbox{
		OrgID: actor.OrgID, Channel: kefu.ChannelWeb,
		WidgetKey: auth.NewWidgetKey(), IdentitySecret: auth.NewIdentitySecret(),
		Widget:  kefu.DefaultWidgetSettings(),
		Routing: kefu.InboxRouting{BusinessHours: kefu.BusinessHours{Weekly: []kefu.DayHours{}, Special: []kefu.SpecialDay{}}},
	}
	p := InboxPatch{
		Name: &in.Name, Greeting: &in.Greeting, AllowedOrigins: &in.AllowedOrigins,
		EnforceIdentity: &in.EnforceIdentity, MemberIDs: &in.MemberIDs, TeamIDs: &in.TeamIDs, Widget: in.Widget,
		Routing: in.Routing,
	}
	if err := s.applyInboxPatch(ctx, ib, p); err != nil {
		return nil, err
	}
	ib.ID = newID()
	if err := s.store.CreateInbox(s.within(ctx, actor, ActionInboxCreated, "inbox", ib.ID, nil, auditFields(ib)), ib); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "inbox created", "org_id", ib.OrgID, "inbox_id", ib.ID, "by", actor.AgentID)
	return withoutSecret(ib), nil
}

// UpdateInbox changes an inbox (inboxes.manage).
func (s *Service) UpdateInbox(ctx context.Context, actor kefu.Actor, id string, p InboxPatch) (*kefu.Inbox, error) {
	ib, err := s.inboxForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was := auditFields(ib)
	if err := s.applyInboxPatch(ctx, ib, p); err != nil {
		return nil, err
	}
	if p.RotateIdentitySecret {
		ib.IdentitySecret = auth.NewIdentitySecret()
	}
	action := ActionInboxUpdated
	if p.RotateIdentitySecret {
		action = ActionInboxSecretRotate // the secret itself is never recorded
	}
	if err := s.store.UpdateInbox(s.within(ctx, actor, action, "inbox", ib.ID, was, auditFields(ib)), ib); err != nil {
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
	return withoutSecret(ib), nil
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
	return s.store.GetInboxByWidgetKey(ctx, key)
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

// withoutSecret returns a copy of ib with the identity secret blanked.
func withoutSecret(ib *kefu.Inbox) *kefu.Inbox {
	c := *ib
	c.IdentitySecret = ""
	return &c
}
