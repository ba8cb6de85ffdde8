package kefu

// SendRequest is a message a visitor or an agent asks to post, as every transport receives it
// (REST, WebSocket, SSE's companion POST, and later the channels): the conversation service
// takes it as it is, so no transport copies it into a request of its own.
type SendRequest struct {
	ConversationID string
	ClientMsgID    string // the client's idempotency key: a retry returns the original message
	Content        string
	Kind           MessageKind // "" means text; agents may also send note
	AttachmentIDs  []string
}
