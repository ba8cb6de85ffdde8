package webhook

import (
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Event types a webhook may subscribe to. Contact, ticket and CSAT types join this list when
// those changes are written to the event log: offering a type that never fires would only
// mislead the integrator.
const (
	EventConversationCreated  = "conversation.created"
	EventConversationUpdated  = "conversation.updated"
	EventConversationResolved = "conversation.resolved"
	EventMessageCreated       = "message.created"
	// EventTest is the ping an admin sends from the settings page; nobody subscribes to it.
	EventTest = "webhook.test"
)

// EventTypes lists the types a webhook may subscribe to.
func EventTypes() []string {
	return []string{EventConversationCreated, EventConversationUpdated, EventConversationResolved,
		EventMessageCreated}
}

// validEventType reports whether t may be subscribed to.
func validEventType(t string) bool { return slices.Contains(EventTypes(), t) }

// webhookTypes returns the webhook event types a stored event stands for; resolved tells
// whether a conversation update is the one that resolved it.
func webhookTypes(ev kefu.Event, resolved bool) []string {
	switch ev.Type {
	case kefu.EventMessageCreated:
		return []string{EventMessageCreated}
	case kefu.EventConversationCreated:
		return []string{EventConversationCreated}
	case kefu.EventConversationUpdated:
		if resolved {
			return []string{EventConversationUpdated, EventConversationResolved}
		}
		return []string{EventConversationUpdated}
	}
	return nil
}
