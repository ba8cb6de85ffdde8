// Package channel is the contract every channel implements and the framework around it; one
// sub-package per channel (webchat today; email, Telegram, the API channel and WeChat next).
//
// An Adapter names its channel type, declares its Capabilities (what kinds of reply it can
// send, its limits, its reply window, whether its clients are pushed to in realtime) and
// delivers committed agent replies to its platform (Deliver). Inbound, an adapter normalises
// each platform message into an Inbound and hands it to the Receiver, which resolves the
// sender to a contact by identity, finds the contact's current conversation in the inbox or
// starts one, and sends the message with the platform's message id as its client message id,
// so a platform's retries of one message store it once. A Registry holds the adapters by
// type; cmd/kefu builds it, and nothing here is global.
//
// The package reaches data only through the services' interfaces declared in receiver.go
// (contact resolution, conversations), never the store.
package channel
