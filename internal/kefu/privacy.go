package kefu

import "time"

// RetentionMode says what retention does with an inbox's conversations once they are old.
type RetentionMode string

// Retention modes.
const (
	RetentionOff       RetentionMode = "off"       // keep forever (the default)
	RetentionDelete    RetentionMode = "delete"    // delete the conversation and all it holds
	RetentionAnonymise RetentionMode = "anonymise" // keep its shape for reports, drop its content
)

// Valid reports whether m is a known mode.
func (m RetentionMode) Valid() bool {
	return m == RetentionOff || m == RetentionDelete || m == RetentionAnonymise
}

// MaxRetentionDays bounds a retention period: about a century, far past any legal requirement.
const MaxRetentionDays = 36500

// RetentionPolicy is an inbox's retention: conversations whose last activity is older than
// Days days are deleted or anonymised. Mode off keeps everything, whatever Days says.
type RetentionPolicy struct {
	Mode RetentionMode `json:"mode" enum:"off,delete,anonymise"`
	Days int           `json:"days" minimum:"0" maximum:"36500" doc:"Age in days since last activity; at least 1 unless mode is off"`
}

// InboxRetention is one inbox's policy, as the retention run reads it.
type InboxRetention struct {
	OrgID   string
	InboxID string
	Policy  RetentionPolicy
}

// RetentionCounts is what one retention pass did to one inbox.
type RetentionCounts struct {
	Conversations int `json:"conversations"` // deleted or anonymised
	Attachments   int `json:"attachments"`   // rows removed; their files are deleted too
	Contacts      int `json:"contacts"`      // contacts removed or detached because nothing else was left
}

// RetentionBatch is one write of retention: conversations of one inbox, which the write checks
// again (a message or a legal hold may have arrived since they were listed).
type RetentionBatch struct {
	OrgID, InboxID string
	Mode           RetentionMode
	Cutoff         time.Time
	IDs            []string
}

// AnonymisedText replaces the text of every message retention anonymised.
const AnonymisedText = "[removed by retention]"

// ContactPrivacy is a contact's legal hold and, once erased, its tombstone.
type ContactPrivacy struct {
	ContactID string     `json:"contact_id"`
	LegalHold bool       `json:"legal_hold"`
	ErasedAt  *time.Time `json:"erased_at,omitempty"`
	ErasedBy  string     `json:"erased_by,omitempty" doc:"Id of the agent who erased the contact"`
}

// Erasure is what erasing a contact removed: the store returns it so that the files can be
// deleted from disk and the open views of the conversations told.
type Erasure struct {
	ConversationIDs []string
	StorageKeys     []string // the attachments' files, to delete once the rows are gone
	Messages        int
}

// EventConversationErased tells agents that a conversation's content was erased (a data subject
// request) or removed by retention: a view of it reloads. Stored, so a resuming agent sees it.
const EventConversationErased EventType = "conversation.erased"
