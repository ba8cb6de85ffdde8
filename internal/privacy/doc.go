// Package privacy implements data protection: retention per inbox (delete or anonymise old
// conversations), legal holds on contacts and conversations, and data subject requests (export
// everything about a contact as a ZIP, erase a contact leaving a tombstone). Every change is
// audited. RunRetention is the one entry point a scheduler calls; the housekeeper in cmd/kefu
// calls it until the durable job runner takes over.
package privacy
