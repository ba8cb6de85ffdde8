// Package telegram is the Telegram channel: one bot per inbox, answered from kefu.
//
// Inbound, Telegram either posts each update to kefu's webhook (/hooks/{inbox_id}, checked
// against the inbox's secret token before the body is read) or, for a kefu without a public
// URL, the adapter's Runner long-polls getUpdates for every polling-mode inbox. Each update of
// a private chat becomes a channel.Inbound whose message id is "<chat id>:<message id>", so a
// webhook Telegram retries, or an update polled again after a restart, is stored once.
//
// Outbound, Deliver sends an agent's reply with sendMessage, sendPhoto or sendDocument.
// Telegram takes no idempotency key, so a delivery retried after a crash between sending and
// recording can reach the customer twice; the job runner's delivery record is what keeps that
// rare.
//
// The package speaks the Bot API with a small client of its own (client.go) rather than a
// library: see docs/architecture.md for why.
package telegram
