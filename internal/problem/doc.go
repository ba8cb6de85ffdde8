// Package problem is kefu's one translation of errors into HTTP: the RFC 9457 problem document
// with kefu's stable code, the mapping from codes to statuses (and back, for statuses a library
// chose), the one Retry-After policy, and a writer for plain net/http handlers. The REST API
// (through huma) and the realtime endpoints (an SSE request refused before its stream starts,
// the WebSocket's over-capacity close) all use it, so a client gets the same document, status
// and retry hint whichever path refused it.
//
// It depends on the standard library and internal/kefu only. Problem satisfies huma's
// StatusError, HeadersError and ContentTypeFilter by its method set, so huma writes it as it is
// without this package importing huma.
package problem
