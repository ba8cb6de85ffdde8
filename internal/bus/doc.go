// Package bus carries events from where they happen to whoever follows them: committed events
// from the store's writer, ephemeral ones (typing) from the services, to the realtime hub and
// every later consumer (routing, bot, webhooks, reports).
//
// The bus only says "something changed": the store stays the source of truth, and a follower
// that missed events (a restart, a dropped connection, another node) refills them from the
// store, never from the bus. Local is the in-process implementation; the cluster issue adds one
// over NATS behind the same interface.
package bus
