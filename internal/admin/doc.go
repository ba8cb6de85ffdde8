// Package admin holds the organisation administration use cases — first-run setup, the
// organisation's settings, agents, profiles, teams, labels, inboxes and API tokens — and decides
// who may do each of them. Like the conversation service it denies by default: every method
// takes the acting kefu.Actor, answers "not found" for anything outside the actor's
// organisation, and "forbidden" when the object is visible but the actor's role is too low.
package admin
