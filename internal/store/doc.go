// Package store is kefu's storage layer: database/sql over SQLite and PostgreSQL, one file per
// aggregate. Every mutation goes through a single writer (Run, a worker the caller runs) that
// batches concurrent operations into one transaction (group commit); a caller returns only
// after COMMIT, which is how an acknowledged message is never lost. Persisted events are written
// in the same transaction with an organisation-wide gap-free sequence and published (to the
// bus) after commit.
package store
