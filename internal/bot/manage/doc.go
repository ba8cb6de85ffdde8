// Package manage is the administration of the knowledge-base bot, for the workspace:
//
//   - metrics: what the bot did per inbox and day (in the organisation's time zone), read from
//     the bot's event log, with hand-offs by reason;
//   - unanswered questions: the customer questions the bot could not answer, which an editor
//     adds to an article as an alternative question (through the knowledge base, so the next
//     customer asking it gets the article) or dismisses;
//   - the organisation's language model: its OpenAI-compatible endpoint and write-only key,
//     and a test call that answers a stable code rather than the provider's words;
//   - agent assist: for the conversation an agent has open, the articles and canned replies
//     that match the customer's last message.
//
// The dialog itself (package bot/dialog) writes the events and reads the settings; this
// package only reads the one and writes the other.
package manage
