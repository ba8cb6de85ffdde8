package kefu

import "time"

// EventType names a change pushed to realtime clients.
type EventType string

// Event types. Persisted ones carry an organisation-wide Seq that agents resume from; typing,
// presence, EventRead and EventRevoked are ephemeral and have Seq 0.
const (
	EventMessageCreated      EventType = "message.created"
	EventMessageUpdated      EventType = "message.updated"
	EventConversationCreated EventType = "conversation.created"
	EventConversationUpdated EventType = "conversation.updated"
	EventTyping              EventType = "typing"
	EventPresence            EventType = "presence"
)

// Event says that something changed. Persisted events are written in the same transaction as
// the change and published on the bus only after commit.
type Event struct {
	OrgID          string    `json:"-"`
	Seq            int64     `json:"seq,omitempty"`
	Type           EventType `json:"type"`
	ConversationID string    `json:"conversation_id,omitempty"`
	// ContactID and InboxID route the event to the visitor connections of that contact.
	ContactID    string        `json:"-"`
	InboxID      string        `json:"-"`
	Message      *Message      `json:"message,omitempty"`
	Conversation *Conversation `json:"conversation,omitempty"`
	Typing       *Typing       `json:"typing,omitempty"`
	Presence     *Presence     `json:"presence,omitempty"`
	Read         *ReadMarker   `json:"read,omitempty"`  // EventRead only
	Queue        *QueueStatus  `json:"queue,omitempty"` // EventQueue only
	// ForAgentID, when set, limits delivery to that agent's connections (EventRead).
	ForAgentID string `json:"-"`
	// Revocation is for hubs only, never encoded: not stored, never sent to a client.
	Revocation *Revocation `json:"-"` // EventRevoked only
	// Visitor is the live visitor of EventVisitorUpdated and EventVisitorLeft: ephemeral,
	// never stored, encoded only in agents' frames.
	Visitor   *LiveVisitor `json:"-"`
	CreatedAt time.Time    `json:"created_at"`
	// Ref carries the conversation's scope fields on events without a Conversation (typing),
	// so delivery to team-scoped agents needs no lookup. Never sent or stored.
	Ref *ConversationRef `json:"-"`
	// Before carries, on a live conversation.updated whose scope fields changed (a new
	// assignee, team), what they were, so the hub also tells the agents whose views the
	// conversation left. Never sent or stored: a replayed event has none.
	Before *ConversationRef `json:"-"`
}

// ConversationRef returns the scope fields of the event's conversation, and false when the
// event carries none.
func (e Event) ConversationRef() (ConversationRef, bool) {
	switch {
	case e.Conversation != nil:
		return e.Conversation.Ref(), true
	case e.Ref != nil:
		return *e.Ref, true
	}
	return ConversationRef{}, false
}

// Typing says that one side of a conversation is (or stopped) typing.
type Typing struct {
	SenderType SenderType `json:"sender_type"`
	SenderID   string     `json:"sender_id"`
	Name       string     `json:"name,omitempty"`
	Typing     bool       `json:"typing"`
}

// Presence is an agent's availability as other agents see it.
type Presence struct {
	AgentID      string       `json:"agent_id"`
	Availability Availability `json:"availability"`
	Connected    bool         `json:"connected"`
}
