// Package jobs runs durable jobs: work that must happen later or again (webhook deliveries
// now; outbound channel sends, reminders, SLA timers and retention runs later). Jobs live in
// the database, inserted in the transaction of the change that causes them; a Runner leases
// due jobs, runs each kind's Handler and records the outcome, retrying failures with
// exponential backoff and jitter until a kind's attempts run out.
package jobs
