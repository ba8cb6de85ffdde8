package conversation

import (
	"context"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// routeStart settles what routing decides about a visitor's new conversation before it is
// written, so the row is inserted routed: the region guessed from the visitor's address when
// they gave none, the matching rule and the priority it raises, and whether the conversation is
// an offline message (the inbox is closed, its queue is full, or none of its agents is online):
// then it is marked for follow-up and labelled, and never queues. When the inbox's bot takes it
// now, it is the bot's instead (pending, out of the queue, not an offline message). It returns
// the rule and the offline reason ("" when the conversation queues or the bot has it).
func (s *Service) routeStart(ctx context.Context, org *kefu.Org, req StartRequest, c *kefu.Conversation, contact *kefu.Contact) (kefu.RoutingRule, string, error) {
	if c.Region == "" {
		c.Region = s.regionOf(req.ClientIP)
	}
	inbox, err := s.store.GetInbox(ctx, c.OrgID, c.InboxID)
	if err != nil {
		return kefu.RoutingRule{}, "", err
	}
	rule, err := s.matchRule(ctx, org, inbox, c, contact)
	if err != nil {
		return rule, "", err
	}
	if bot, err := s.BotTakesNow(ctx, inbox); err != nil || bot {
		holdForBot(c)
		return rule, "", err
	}
	reason, err := s.offlineReason(ctx, org, inbox, c)
	if err != nil || reason == "" {
		return rule, "", err
	}
	c.FollowUp = true
	if !slices.Contains(c.Labels, kefu.OfflineMessageLabel) {
		c.Labels = append(c.Labels, kefu.OfflineMessageLabel)
	}
	return rule, reason, s.ensureOfflineLabel(ctx, c.OrgID)
}

// offlineReason says why a new conversation of the inbox cannot queue, "" when it can: the
// same order as Availability.Reason, with the agents' presence as startLabels found it.
func (s *Service) offlineReason(ctx context.Context, org *kefu.Org, inbox *kefu.Inbox, c *kefu.Conversation) (string, error) {
	a := Availability{Open: s.inboxOpen(ctx, org, inbox, s.now()), AgentsOnline: !slices.Contains(c.Labels, kefu.OfflineMessageLabel)}
	if a.Open && a.AgentsOnline {
		var err error
		if a.QueueFull, err = s.queueFull(ctx, inbox); err != nil {
			return "", err
		}
	}
	return a.Reason(), nil
}

// recordOffline writes the offline decision of a conversation routeStart marked for follow-up.
// A failure is logged: the conversation is committed and labelled, only its log entry is lost.
func (s *Service) recordOffline(ctx context.Context, c *kefu.Conversation, rule kefu.RoutingRule, reason string) {
	_, err := s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		return nil, tx.RecordDecision(&kefu.RoutingDecision{Kind: kefu.DecisionOffline, RuleID: rule.ID, RuleName: rule.Name,
			Target: rule.Target, Priority: c.Priority, Reason: reason})
	})
	if err != nil {
		s.log.WarnContext(ctx, "recording an offline decision failed", "conversation_id", c.ID, "err", err)
	}
}
