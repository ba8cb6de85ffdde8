// Package contact holds customer profiles and their channel identities: who a visitor is, how
// agents view and edit them, and how a channel's sender id resolves to one contact.
package contact
