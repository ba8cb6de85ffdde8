package store

import (
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// markQueue keeps the queue and assignment times true to what a change did, so no caller has
// to remember them: a conversation given back by its agent re-enters the queue now (at the
// back of its priority), one that got an agent records when, and one resolved or assigned
// leaves the queue. A QueuedAt the change set itself is kept.
func markQueue(before, c *kefu.Conversation, now time.Time) {
	switch {
	case c.AssigneeID != "" && c.AssigneeID != before.AssigneeID:
		c.AssignedAt, c.QueuedAt = &now, nil
	case c.AssigneeID == "" && before.AssigneeID != "":
		c.AssignedAt = nil
		if sameTime(c.QueuedAt, before.QueuedAt) {
			c.QueuedAt = &now
		}
	case c.Status == kefu.StatusResolved && before.Status != kefu.StatusResolved:
		c.QueuedAt = nil
	}
}

// routingChanged compares the routing fields of two versions of a conversation.
func routingChanged(a, b *kefu.Conversation) bool {
	return a.InquiryType != b.InquiryType || a.Language != b.Language || a.Region != b.Region ||
		a.RoutingRuleID != b.RoutingRuleID || a.FollowUp != b.FollowUp ||
		!sameTime(a.QueuedAt, b.QueuedAt) || !sameTime(a.AssignedAt, b.AssignedAt) ||
		!slices.Equal(a.RequiredSkills, b.RequiredSkills)
}
