// Package conversation holds the conversation use cases — open, list, read, post, assign,
// transfer, change status, upload — and decides who may do each of them. REST, WebSocket and
// channel adapters all come through here, so authorisation is written once, denies by default,
// and answers "not found" for what the caller may not see.
package conversation
