package conversation

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/routing"
)

// RoutingAttributes changes what a conversation is routed by. A nil field is left as it is; a
// pointer to "" clears it.
type RoutingAttributes struct {
	InquiryType *string
	Language    *string
	Region      *string
}

// SetRoutingAttributes changes a conversation's inquiry type, language or region, for agents
// who may reply to it. A conversation still waiting unassigned is routed again: its rule is
// matched anew (the priority raised, never lowered) and the queue drains, so it may go to an
// agent of the new target at once.
func (s *Service) SetRoutingAttributes(ctx context.Context, actor kefu.Actor, id string, req RoutingAttributes) (*kefu.Conversation, error) {
	if err := requirePerm(actor, kefu.PermConversationsReply); err != nil {
		return nil, err
	}
	req, err := cleanRoutingAttributes(req)
	if err != nil {
		return nil, err
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	updated, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		applyRoutingAttributes(c, req)
		return nil, nil
	})
	if err != nil || updated.AssigneeID != "" || updated.FollowUp {
		return updated, err
	}
	return s.reroute(ctx, updated)
}

// cleanRoutingAttributes trims the values and refuses what no attribute may be.
func cleanRoutingAttributes(req RoutingAttributes) (RoutingAttributes, error) {
	for _, f := range []struct {
		name string
		v    **string
	}{{"inquiry_type", &req.InquiryType}, {"language", &req.Language}, {"region", &req.Region}} {
		if *f.v == nil {
			continue
		}
		v := strings.TrimSpace(**f.v)
		*f.v = &v
		if err := checkRoutingAttr(f.name, v); err != nil {
			return req, err
		}
	}
	if req.Language != nil && *req.Language != "" && !kefu.ValidLanguageTag(*req.Language) {
		return req, kefu.FieldError("language", "must be a language tag such as en or zh-CN")
	}
	return req, nil
}

// checkRoutingAttr refuses a value longer than kefu.MaxRoutingAttr characters or with control
// characters, which no inquiry type, language or region has.
func checkRoutingAttr(field, v string) error {
	if utf8.RuneCountInString(v) > kefu.MaxRoutingAttr {
		return kefu.FieldError(field, "must be at most %d characters", kefu.MaxRoutingAttr)
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return kefu.FieldError(field, "must not contain control characters")
	}
	return nil
}

func applyRoutingAttributes(c *kefu.Conversation, req RoutingAttributes) {
	if req.InquiryType != nil {
		c.InquiryType = *req.InquiryType
	}
	if req.Language != nil {
		c.Language = *req.Language
	}
	if req.Region != nil {
		c.Region = *req.Region
	}
}

// reroute matches an unassigned conversation's rule again and drains the queue it waits in.
func (s *Service) reroute(ctx context.Context, c *kefu.Conversation) (*kefu.Conversation, error) {
	org, err := s.store.GetOrg(ctx, c.OrgID)
	if err != nil {
		return nil, err
	}
	inbox, err := s.store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return nil, err
	}
	matched := *c
	if _, err := s.matchRule(ctx, org, inbox, &matched, nil); err != nil {
		return nil, err
	}
	c, err = s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(_ kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if c.AssigneeID == "" {
			c.RoutingRuleID, c.Priority = matched.RoutingRuleID, routing.RaisePriority(c.Priority, matched.Priority)
		}
		return nil, nil
	})
	if err != nil || !org.Settings.AutoAssign {
		return c, err
	}
	return s.joinQueue(ctx, org, c), nil
}

// RoutingDecisions returns the decision log of a conversation the actor may see, oldest first:
// why it was queued, overflowed, assigned or taken offline.
func (s *Service) RoutingDecisions(ctx context.Context, actor kefu.Actor, id string) ([]kefu.RoutingDecision, error) {
	if !actor.IsAgent() {
		return nil, kefu.ErrNotFound
	}
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return s.store.ListRoutingDecisions(ctx, c.OrgID, c.ID)
}
