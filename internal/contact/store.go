package contact

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the contact service needs of the database. Store satisfies it; cmd/kefu
// passes it in, and tests may pass a fake.
type Store interface {
	GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error)
	ListContacts(ctx context.Context, orgID string, q kefu.ContactQuery) ([]kefu.Contact, string, error)
	CreateContact(ctx context.Context, c *kefu.Contact) error
	UpdateContact(ctx context.Context, c *kefu.Contact) error
	// FindContactByExactIdentity finds the contact behind a channel identity with exactly this
	// verification; not found when none.
	FindContactByExactIdentity(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool) (*kefu.Contact, error)
	// AddIdentity ties another identity to an existing contact; a conflict when it has one.
	AddIdentity(ctx context.Context, id *kefu.Identity) error
	// ContactInboxIDs returns the inboxes the contact has conversations in: their PII policies
	// decide whether agents see the contact masked.
	ContactInboxIDs(ctx context.Context, orgID, contactID string) ([]string, error)
}
