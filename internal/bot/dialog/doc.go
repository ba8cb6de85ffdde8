// Package dialog is the knowledge-base bot at work in conversations: it greets a conversation
// its inbox's bot takes, answers each customer message (a bot.turn job queued with the
// message), takes the customer's "did this help?" and "talk to a person", and hands the
// conversation to the router with the reason, the emotion and its best guesses.
//
// The decision itself is package bot's (pure); retrieval is package kb's; moving the
// conversation into the queue is package conversation's (HandOffFromBot). This package only
// joins them and writes the bot's messages, each in one transaction with the bot's session and
// metrics events, checked there against the conversation's state: a reply is written only
// while the bot still holds the conversation and nobody is assigned, so the bot never answers
// after a person took over, and a turn retried after a crash writes nothing twice (its reply
// has the customer message's id as client message id).
package dialog
