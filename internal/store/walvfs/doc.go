// Package walvfs registers kefu's SQLite VFS: the operating system's default one, except that
// the writes SQLite makes to a write-ahead log are gathered in memory and reach the file in one
// system call, when SQLite syncs the log (at every commit under synchronous=FULL), reads it,
// resizes it or publishes a commit to readers.
//
// SQLite writes each WAL frame as two writes (a 24-byte header, then the page), so a commit of
// 100 pages made 200 pwrite calls; with 5,000 messages/s that was a fifth of kefu's CPU. Nothing
// is durable before the sync anyway, so gathering changes no guarantee: the bytes reach the file
// in the order SQLite wrote them, before the sync that makes them durable and before the
// wal-index header that makes them visible to other connections, and a read of the log sees
// them (the buffer is written out first).
//
// It is meant for databases synced at every commit (synchronous=FULL, as kefu's store opens
// them): there a failed write fails the commit. Under a weaker setting the frames still reach
// the file before readers can see them, but a write failing at that point cannot be reported.
//
// SQLite's VFS registry is process-wide, so is this package's state: one registration, and the
// open WAL files with their buffers.
package walvfs
