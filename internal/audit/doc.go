// Package audit is kefu's tamper-evident audit log: services record security-relevant actions
// through it (sign-ins, agents and roles, tokens, inboxes, teams, labels, settings, exports),
// agents with audit.view read and export it, and Verify checks offline (over one snapshot of
// the database, so a running server's appends are no false alarm) that nobody edited, inserted
// or removed an entry.
//
// Every organisation has its own hash chain, so an organisation can export and verify its
// own log without anyone else's entries; events no organisation owns (failed sign-ins with an
// unknown email) go to the installation's chain, organisation "". Each entry stores SHA-256
// over a canonical encoding of its fields and the previous entry's hash (see Seal), and the
// store keeps each chain's head (count and newest hash) in a row of its own, so removing the
// newest entries shows too. Appends go through the store's single writer (SQLite) and lock the
// head row (PostgreSQL), so several nodes still extend one linear chain.
//
// Where a change goes through the store's writer, its entry is written in the same
// transaction: the service passes the store call a context from Within, and the store's write
// appends the entry after the change (kefu.PendingAudit). The change and its record then
// commit together or not at all; a change whose entry cannot be written is refused. Actions
// that change nothing (a failed sign-in, a secret viewed, an export) and changes that take
// several writes (deleting an inbox) are recorded right after, by Record, as a write of their
// own: a crash in between loses that entry, never the change, and a failed append is logged as
// an error.
//
// The chain detects changes by anyone who cannot also recompute it: someone with write access
// to the database and this code can rewrite every hash. Anchor the head elsewhere
// (kefu audit verify --print-head, kept in a ticket, a mail or another system) to catch that.
// The log is kept forever; nothing in kefu deletes entries.
package audit
