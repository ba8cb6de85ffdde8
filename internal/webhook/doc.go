// Package webhook delivers an organisation's events to the URLs it subscribes, signed per the
// Standard Webhooks specification. The event log the store writes in the same transaction as
// every change is the outbox: a Dispatcher follows it with a durable per-organisation cursor
// and turns matching events into delivery jobs, which the job runner sends through the SSRF
// guard, retrying with backoff. A Service manages subscriptions and their delivery log.
package webhook
