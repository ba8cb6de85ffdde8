// Package netguard makes outbound HTTP requests to URLs that customers choose (webhooks, later
// channel callbacks) without letting them reach the server's own network: loopback, private
// and link-local addresses, cloud metadata endpoints and every encoding of them. The check
// runs on the address actually dialled, so a name that resolves to a public address when a URL
// is saved and to 127.0.0.1 when it is used (DNS rebinding) is still refused.
package netguard
