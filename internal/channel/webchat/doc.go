// Package webchat is the web widget channel: it opens visitor sessions for a widget key,
// deciding who the visitor is — an anonymous browser key, or a customer the host site signed
// for — and hands back a short-lived visitor token for the visitor API and realtime.
package webchat
