// Package visitor knows who is on the site now: the live visitors of each organisation (a
// visitor connection held open, plus a short grace period after the last one closes so that a
// reload does not flicker), their visits (persisted, one write per page view), and the agent's
// way to start a conversation with one of them (a proactive invitation).
//
// The live set is per process, fed by the realtime hub's visitor connections; agents learn of
// changes through ephemeral visitor.updated and visitor.left events on the bus. See
// docs/architecture.md, "Live visitors", for how this extends to several nodes.
package visitor
