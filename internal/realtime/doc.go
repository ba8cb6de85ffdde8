// Package realtime pushes kefu events to live agent and visitor connections over WebSocket and
// Server-Sent Events. The Hub fans committed events out to connections without ever blocking on
// one; each connection resumes from its last position (the org-wide event cursor for agents, the
// per-conversation message seq for visitors) so clients see every persisted event exactly once
// and in order. Everything the package needs from storage, authentication and authorisation
// comes through the Backend interface; docs/realtime.md is the wire protocol.
package realtime
