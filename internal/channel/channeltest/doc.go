// Package channeltest is a channel for tests of the channel framework: an Adapter whose
// platform is an HTTP server, and Platform, such a server with scripted answers. Deliver
// speaks a small documented protocol (POST JSON with an Idempotency-Key header; 2xx, 429 with
// Retry-After, 5xx and 4xx with an "error" reason), the way a real adapter maps its platform's
// answers onto channel.Permanent and channel.Temporary.
package channeltest
