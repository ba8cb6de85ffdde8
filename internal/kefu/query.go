package kefu

import "time"

// The query types below are how services ask for lists of the domain's objects. They live here,
// not in the store, so that a service can declare the store operations it needs as an interface
// of its own and transports can build queries without importing the store.

// ConversationSort is an order of a conversation list.
type ConversationSort string

// Conversation orders.
const (
	SortLastActivity   ConversationSort = "last_activity"   // most recent activity first (default)
	SortWaitingLongest ConversationSort = "waiting_longest" // longest-waiting customer first; not waiting last
)

// ConversationFilter selects conversations of an organisation.
type ConversationFilter struct {
	Statuses   []Status // empty = any
	AssigneeID string   // exact agent id
	Unassigned bool     // assignee is null
	TeamID     string
	InboxID    string
	Label      string
	ContactID  string
	Search     string // case-insensitive substring of public message content or contact name/email/phone
	// WaitingBefore keeps conversations whose customer has waited since before this time: the
	// ones ahead in the queue.
	WaitingBefore *time.Time
	// Scope, when set, keeps only the conversations a team-scoped agent sees.
	Scope *ConversationScope
	// ReaderID, when set, fills each conversation's MyLastReadSeq with that agent's marker.
	ReaderID string
	Sort     ConversationSort // "" = SortLastActivity
	Cursor   string           // opaque keyset cursor from the previous page
	Limit    int              // 1..100, default 25
}

// ContactQuery selects contacts of an organisation.
type ContactQuery struct {
	ID     string // when set, only this contact
	Search string // case-insensitive substring of name, email or phone
	// Scope, when set, keeps only contacts with a conversation a team-scoped agent sees.
	Scope  *ConversationScope
	Cursor string // from the previous page; "" for the first
	Limit  int    // 1..100, default 25
}

// MessageQuery selects a window of one conversation's messages, returned in ascending seq.
// Forward (or AfterSeq > 0) pages forward: the Limit messages with seq > AfterSeq, so
// Forward with AfterSeq 0 starts at the first message. Otherwise the window is the Limit
// messages just below BeforeSeq, or the newest Limit messages when BeforeSeq is 0.
type MessageQuery struct {
	Forward        bool
	AfterSeq       int64
	BeforeSeq      int64
	Limit          int  // 1..200, default 50
	ExcludePrivate bool // leave out notes and activity events (MessageKind.Private), for the contact's view
}

// IsForward reports whether q pages forward from AfterSeq.
func (q MessageQuery) IsForward() bool { return q.Forward || q.AfterSeq > 0 }

// ConversationTx is what a ConversationChange may read inside the transaction that changes
// the conversation, scoped to the conversation's organisation and consistent with the change.
type ConversationTx interface {
	// GetAgent returns an agent of the conversation's organisation.
	GetAgent(agentID string) (*Agent, error)
	// AgentOpenLoad counts the conversations assigned to the agent with status open or pending.
	AgentOpenLoad(agentID string) (int, error)
	// RecordDecision stores a routing decision about the conversation in the same transaction
	// (its ConversationID, OrgID, ID and CreatedAt are filled in).
	RecordDecision(d *RoutingDecision) error
	// LastDecision is the conversation's newest routing decision; nil when it has none.
	LastDecision() (*RoutingDecision, error)
	BotTx
}

// ConversationChange changes c in place inside the write transaction and may return an
// activity message (kind event, sender system) to append in the same transaction. Returning an
// error fails the update and changes nothing. It may run more than once (the store re-runs a
// batch when another write in it fails), so it must only change c and read through tx.
type ConversationChange func(tx ConversationTx, c *Conversation) (*Message, error)
