// Package kefu holds the domain types shared by every other package: organisations, agents,
// teams, inboxes, contacts, conversations, messages, events, the acting principal and the one
// error type with its stable codes. It depends on the standard library only, so any package may
// import it without pulling in transport or storage.
package kefu
