package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/pii"
)

// maskListing masks what list rows show of each conversation — the newest message's text and
// the contact's name and e-mail — as agents see messages and contacts, and cuts the text to a
// preview's length (after masking, so a masked value is never left half-visible). An
// organisation where no inbox masks costs one cache lookup.
func (s *Service) maskListing(ctx context.Context, orgID string, convs []kefu.Conversation) error {
	masks, err := s.masksForAgents(ctx, orgID)
	if err != nil {
		return err
	}
	for i := range convs {
		c := &convs[i]
		var scanner *pii.Scanner
		var policy kefu.PIIPolicy
		if masks {
			if scanner, policy, err = s.agentScanner(ctx, orgID, c.InboxID); err != nil {
				return err
			}
		}
		c.LastMessage = previewFor(scanner, policy, c.LastMessage)
		c.Contact = contactFor(scanner, c.Contact)
	}
	return nil
}

// masksForAgents reports whether some inbox of the organisation masks for agents.
func (s *Service) masksForAgents(ctx context.Context, orgID string) (bool, error) {
	if s.pii == nil {
		return false, nil
	}
	forAgents, _, err := s.pii.AnyMasking(ctx, orgID)
	return forAgents, err
}

// previewFor is p masked with scanner (nil: no masking) and cut to kefu.MaxPreviewRunes.
func previewFor(scanner *pii.Scanner, policy kefu.PIIPolicy, p *kefu.MessagePreview) *kefu.MessagePreview {
	if p == nil {
		return nil
	}
	out := *p
	if scanner != nil {
		var changed bool
		out.Text, changed = scanner.Mask(p.Text)
		out.PIIMasked = changed && policy == kefu.PIIMask
	}
	out.Text = cutRunes(out.Text, kefu.MaxPreviewRunes)
	return &out
}

// contactFor is the summary masked with scanner (nil: no masking).
func contactFor(scanner *pii.Scanner, c *kefu.ContactSummary) *kefu.ContactSummary {
	if c == nil || scanner == nil {
		return c
	}
	out := *c
	var n, e bool
	out.Name, n = scanner.Mask(c.Name)
	out.Email, e = scanner.Mask(c.Email)
	out.PIIMasked = n || e
	return &out
}

// cutRunes keeps the first max characters of s, marking a cut with an ellipsis.
func cutRunes(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}

// listing returns a conversation the actor may see as list rows show it.
func (s *Service) listing(ctx context.Context, actor kefu.Actor, id string) (*kefu.Conversation, error) {
	if _, err := s.visible(ctx, actor, id); err != nil {
		return nil, err
	}
	c, err := s.store.GetConversationListing(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	one := []kefu.Conversation{*c}
	if err := s.maskListing(ctx, actor.OrgID, one); err != nil {
		return nil, err
	}
	return &one[0], nil
}
