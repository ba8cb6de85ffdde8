package kefu

// EventRead is the ephemeral event that tells an agent's own connections (their other tabs and
// devices) that they read a conversation up to a seq. Only that agent receives it: each
// agent's read marker is theirs alone, and visitors learn only the assignee's, through the
// conversation's AgentLastReadSeq.
const EventRead EventType = "read"

// ReadMarker is one agent's read position in one conversation: every message with seq at or
// below Seq has been read by that agent.
type ReadMarker struct {
	AgentID string `json:"agent_id"`
	Seq     int64  `json:"seq"`
}

// MovesVisibleRead says whether agentID reading c moves the marker the visitor sees: the
// assignee's reading does, and while nobody is assigned, any agent's who sees it (the visitor
// waits for whoever answers). Another agent looking in — a supervisor, the previous assignee's
// open tab after a transfer — reads only for themselves.
func MovesVisibleRead(c *Conversation, agentID string) bool {
	return c.AssigneeID == "" || c.AssigneeID == agentID
}
