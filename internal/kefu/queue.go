package kefu

import "time"

// QueueState says what a visitor waiting on a conversation may expect, so the widget never has
// to guess from the other fields.
type QueueState string

// The queue states.
const (
	// QueueAssigned: an agent has the conversation.
	QueueAssigned QueueState = "assigned"
	// QueueQueued: the customer waits for a first answer and an agent of the inbox is online,
	// so the position and the estimate mean something.
	QueueQueued QueueState = "queued"
	// QueueOffline: the customer waits, but no agent of the inbox is online; the team answers
	// later (by the contact's e-mail or phone, or here). No position is given: it would promise
	// an answer nobody is there to give.
	QueueOffline QueueState = "offline"
	// QueueIdle: nobody waits — a team member answered, or the conversation is resolved.
	QueueIdle QueueState = "idle"
)

// QueueStatus tells a waiting visitor where they stand.
type QueueStatus struct {
	State                QueueState `json:"state" enum:"assigned,queued,offline,idle" doc:"assigned: an agent has it; queued: waiting and an agent is online (position and estimate apply); offline: waiting but no agent of the inbox is online; idle: nobody waits"`
	AgentsAvailable      bool       `json:"agents_available" doc:"An agent of the inbox is online and connected now"`
	Assigned             bool       `json:"assigned" doc:"An agent has the conversation"`
	Position             int        `json:"position" doc:"1 = next; 0 unless state is queued"`
	EstimatedWaitSeconds int        `json:"estimated_wait_seconds" doc:"A rough estimate; 0 unless state is queued"`
}

// EventQueue tells one waiting visitor where they stand now (Queue): ephemeral, sent to that
// conversation's visitor connections only, whenever the queue in front of them moved.
const EventQueue EventType = "queue.updated"

// QueueTime is when the conversation joined the queue it waits in: when it was last given back
// (QueuedAt), else when its customer began to wait; zero when neither is set.
func (c *Conversation) QueueTime() time.Time {
	if c.QueuedAt != nil {
		return *c.QueuedAt
	}
	if c.WaitingSince != nil {
		return *c.WaitingSince
	}
	return time.Time{}
}
