package conversation

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the conversation service needs of the database, grouped by what it is for.
// Store satisfies it; cmd/kefu passes it in, and tests may pass a fake.
type Store interface {
	Conversations
	Messages
	Directory
	EventLog
	Attachments
	ReadMarkers
	BoardStore
	RequeueStore
	RoutingHistory
}

// ReadMarkers keeps each agent's own read position per conversation.
type ReadMarkers interface {
	// MarkAgentRead moves the agent's marker forward to seq and says whether it moved; visible,
	// when not nil, may move the marker the visitor sees in the same transaction.
	MarkAgentRead(ctx context.Context, orgID, convID, agentID string, seq int64, visible kefu.ConversationChange) (bool, error)
	// AgentReadSeq is the agent's marker, 0 when they never read the conversation.
	AgentReadSeq(ctx context.Context, orgID, convID, agentID string) (int64, error)
}

// Conversations reads and changes conversations. Every change goes through one transaction
// that reads the conversation's current state first (see kefu.ConversationChange).
type Conversations interface {
	CreateConversation(ctx context.Context, c *kefu.Conversation) (*kefu.Conversation, error)
	GetConversation(ctx context.Context, orgID, id string) (*kefu.Conversation, error)
	UpdateConversation(ctx context.Context, orgID, id string, change kefu.ConversationChange) (*kefu.Conversation, error)
	// ListConversations and GetConversationListing fill each conversation's LastMessage
	// (unmasked, text not yet cut) and Contact.
	ListConversations(ctx context.Context, orgID string, f kefu.ConversationFilter) ([]kefu.Conversation, string, error)
	GetConversationListing(ctx context.Context, orgID, id string) (*kefu.Conversation, error)
	CountConversations(ctx context.Context, orgID string, f kefu.ConversationFilter) (int, error)
	ListContactConversations(ctx context.Context, orgID, contactID, inboxID string) ([]kefu.Conversation, error)
	ListDueSnoozed(ctx context.Context, now time.Time, limit int) ([]kefu.Conversation, error)
	// ListQueue returns the organisation's waiting queue (open, unassigned conversations whose
	// customer waits, offline messages aside) in the order it is served: priority, then arrival.
	ListQueue(ctx context.Context, orgID string, offset, limit int) ([]kefu.Conversation, error)
	// QueueAhead counts the conversations of c's inbox served before c.
	QueueAhead(ctx context.Context, c *kefu.Conversation) (int, error)
	// QueueLength counts the conversations waiting in the inbox's queue.
	QueueLength(ctx context.Context, orgID, inboxID string) (int, error)
	// StartConversation creates c with its first message (nil: none) in one transaction. A
	// first message whose client id the contact already used to start a conversation of the
	// inbox returns that conversation and message with duplicate true, writing nothing.
	StartConversation(ctx context.Context, c *kefu.Conversation, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error)
	// StartConversationAfter is StartConversation with lead messages before first, written
	// only when the start is not a retry.
	StartConversationAfter(ctx context.Context, c *kefu.Conversation, lead []*kefu.Message, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error)
	// StartAgentConversation is StartConversation for an agent's first message, failing with
	// conflict when the contact has a conversation of the inbox that is not resolved.
	StartAgentConversation(ctx context.Context, c *kefu.Conversation, first *kefu.Message) (*kefu.Conversation, *kefu.Message, bool, error)
}

// RoutingHistory is what routing reads of the past: the decision log, the contact's last agent
// (sticky targets) and the measured rates behind a visitor's estimated wait.
type RoutingHistory interface {
	ListRoutingRules(ctx context.Context, orgID string) ([]kefu.RoutingRule, error)
	ListRoutingDecisions(ctx context.Context, orgID, convID string) ([]kefu.RoutingDecision, error)
	LastAssignee(ctx context.Context, orgID, contactID, exceptConvID string, since time.Time) (string, error)
	QueueDepartures(ctx context.Context, orgID, inboxID string, since time.Time) (int, time.Duration, error)
	MeanHandlingTime(ctx context.Context, orgID, inboxID string, since time.Time) (time.Duration, int, error)
}

// Messages appends and reads messages. An append returns only after its transaction committed.
type Messages interface {
	AppendMessage(ctx context.Context, m *kefu.Message, attachmentIDs []string) (*kefu.Message, bool, error)
	AppendMessageIf(ctx context.Context, m *kefu.Message, attachmentIDs []string, allowed func(*kefu.Conversation) bool) (*kefu.Message, bool, error)
	ListMessages(ctx context.Context, orgID, conversationID string, q kefu.MessageQuery) ([]kefu.Message, error)
	GetMessage(ctx context.Context, orgID, id string) (*kefu.Message, error)
	// FillDeliveries sets the outbound delivery state of the messages that have one.
	FillDeliveries(ctx context.Context, orgID, convID string, msgs []kefu.Message) error
	// RetryDelivery puts a failed delivery back to sending with a fresh job (conflict otherwise).
	RetryDelivery(ctx context.Context, orgID, convID, messageID string) (*kefu.Message, error)
	// InboxChannel is an inbox's channel type, read without opening its secrets.
	InboxChannel(ctx context.Context, orgID, inboxID string) (kefu.ChannelType, error)
	// LastContactMessageAt is when the contact last wrote in the conversation; zero when never.
	LastContactMessageAt(ctx context.Context, orgID, convID string) (time.Time, error)
	// RepliesSinceContact counts the replies sent, or being sent, to the conversation's platform
	// since the contact last wrote (not failed ones).
	RepliesSinceContact(ctx context.Context, orgID, convID string) (int, error)
}

// Directory reads the organisation's people and settings that conversations refer to.
type Directory interface {
	GetOrg(ctx context.Context, id string) (*kefu.Org, error)
	ListOrgs(ctx context.Context) ([]kefu.Org, error)
	GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error)
	GetAgent(ctx context.Context, orgID, id string) (*kefu.Agent, error)
	ListAgents(ctx context.Context, orgID string) ([]kefu.Agent, error)
	AgentOpenLoads(ctx context.Context, orgID string, agentIDs []string) (map[string]int, error)
	GetTeam(ctx context.Context, orgID, id string) (*kefu.Team, error)
	ListTeams(ctx context.Context, orgID string) ([]kefu.Team, error)
	ListLabels(ctx context.Context, orgID string) ([]kefu.Label, error)
	CreateLabel(ctx context.Context, l *kefu.Label) error // the offline label, on first use
	GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error)
}

// EventLog reads the organisation's persisted events, which agents resume from, and prunes
// them past retention.
type EventLog interface {
	ListEvents(ctx context.Context, orgID string, afterSeq int64, limit int) ([]kefu.Event, error)
	LatestEventSeq(ctx context.Context, orgID string) (int64, error)
	OldestEventSeq(ctx context.Context, orgID string) (int64, error)
	PruneEvents(ctx context.Context, before time.Time) (int64, error)
}

// Attachments records uploaded files' metadata.
type Attachments interface {
	CreateAttachment(ctx context.Context, a *kefu.Attachment) error
	GetAttachment(ctx context.Context, orgID, id string) (*kefu.Attachment, error)
}
