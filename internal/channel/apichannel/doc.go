// Package apichannel is the API channel: an inbox that an integrator feeds over HTTP, for every
// platform kefu has no adapter of its own for (a marketplace's customer-service API, WhatsApp
// through a provider, an in-house app).
//
// Inbound, the integrator posts each customer message to POST
// /api/v1/channels/api/{inbox_id}/messages, signed with the inbox's secret the Standard
// Webhooks way (webhook-id, webhook-timestamp, webhook-signature). The signature is verified
// over the raw body before anything parses it; a request replayed within the signature's window
// is answered with its first result and stores nothing (receipts kept per webhook-id), and the
// message's own id is its client message id, so even a request re-signed with a new webhook-id
// stores the message once. Attachments given by URL are fetched through the SSRF guard.
//
// Outbound, Deliver posts the agent's reply to the inbox's callback URL, signed the same way
// with the kefu message id as webhook-id, which integrators use as the idempotency key.
package apichannel
