// Package outbound delivers agents' replies to external channels (email, Telegram, the API
// channel) through their adapters, durably.
//
// The store inserts a delivery record and a kefu.DeliveryJobKind job in the transaction that
// appends the reply (see store.SetDeliveryPolicy), so a committed reply is delivered even if
// kefu stops right after the commit. Each run of the job is one attempt: it loads what the
// adapter needs, records that it is about to call the platform, calls Deliver and records the
// outcome, which emits message.updated for the agents' workspaces. Network errors, 5xx and 429
// are retried with exponential backoff and jitter (or after the platform's Retry-After) until
// the give-up time; anything permanent fails at once with the platform's reason. An attempt
// that finds the previous one cut short (in flight) resends only to a platform that dedupes by
// the message id; otherwise it fails the delivery so the agent decides, since the customer may
// already have it.
package outbound
