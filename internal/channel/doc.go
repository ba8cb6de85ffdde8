// Package channel is the home of the channel adapters, one sub-package per channel. Each turns
// its platform's senders and messages into kefu contacts and conversation calls.
package channel
