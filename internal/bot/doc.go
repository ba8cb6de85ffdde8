// Package bot decides what the knowledge-base bot does with a customer's message: answer with
// the best article, suggest up to three, or hand the conversation to a person, and why. It
// also evaluates that decision on labelled question sets (the `kefu bot eval` command and the
// CI test). The decision is pure: retrieval happens before (package kb/retrieve) and the
// conversation's state is kept by the caller.
package bot
