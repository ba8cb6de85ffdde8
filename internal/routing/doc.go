// Package routing decides which agent gets a conversation. It is pure: callers pass in the
// rules, the conversation's attributes, the candidates with their load, the last pick and the
// time waited, and apply the decision themselves, so every rule is testable without a
// database, a network or a clock.
//
// The steps, in the order a service uses them: Match picks the organisation's first enabled
// rule whose conditions the conversation's Attrs meet; EffectiveTarget widens that rule's target
// once the conversation has waited past the rule's overflow; Decide chooses an agent for the
// target (eligibility, room, language, sticky, policy) and explains itself candidate by
// candidate; Less orders the waiting queue. See docs/routing.md for the semantics operators see.
package routing
