// Package audit is kefu's tamper-evident audit log: services record security-relevant actions
// through it (sign-ins, agents and roles, tokens, inboxes, teams, labels, settings, exports),
// agents with audit.view read and export it, and Verify checks offline that nobody edited,
// inserted or removed an entry.
//
// Every organisation has its own hash chain, so an organisation can export and verify its
// own log without anyone else's entries; events no organisation owns (failed sign-ins with an
// unknown email) go to the installation's chain, organisation "". Each entry stores SHA-256
// over a canonical encoding of its fields and the previous entry's hash (see Seal), and the
// store keeps each chain's head (count and newest hash) in a row of its own, so removing the
// newest entries shows too. Appends go through the store's single writer (SQLite) and lock the
// head row (PostgreSQL), so several nodes still extend one linear chain.
//
// An entry is written right after the change it records, as a write of its own, not in the
// change's transaction: the services change the store through their own small interfaces, and
// a crash between the two loses the entry (never the change). A failed append is logged as an
// error and does not undo the change, which has already happened.
//
// The chain detects changes by anyone who cannot also recompute it: someone with write access
// to the database and this code can rewrite every hash. Anchor the head elsewhere
// (kefu audit verify --print-head, kept in a ticket, a mail or another system) to catch that.
// The log is kept forever; nothing in kefu deletes entries.
package audit
