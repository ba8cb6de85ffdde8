// Package routing decides which agent gets a conversation. It is pure: callers pass in the
// candidates and the policy state and apply the decision themselves, so every rule is testable
// without a database or a clock. The first rule is round-robin among online agents with free
// capacity; skills, regions, VIP queues and business hours arrive behind the same Policy.
package routing
