package privacy

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Store is what the privacy service needs of the database; *store.Store satisfies it.
type Store interface {
	GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error)
	GetConversation(ctx context.Context, orgID, id string) (*kefu.Conversation, error)
	ListMessages(ctx context.Context, orgID, conversationID string, q kefu.MessageQuery) ([]kefu.Message, error)
	ContactConversationIDs(ctx context.Context, orgID, contactID string) ([]string, error)
	ContactPrivacy(ctx context.Context, orgID, id string) (*kefu.ContactPrivacy, error)
	SetContactHold(ctx context.Context, orgID, id string, hold bool) error
	ConversationHold(ctx context.Context, orgID, id string) (bool, error)
	SetConversationHold(ctx context.Context, orgID, id string, hold bool) error
	// EraseContact erases a contact, leaving a tombstone; a legal hold is a conflict.
	EraseContact(ctx context.Context, orgID, contactID, by string) (*kefu.Erasure, error)
	InboxRetention(ctx context.Context, orgID, inboxID string) (kefu.RetentionPolicy, error)
	SetInboxRetention(ctx context.Context, orgID, inboxID string, p kefu.RetentionPolicy) error
	RetentionPolicies(ctx context.Context) ([]kefu.InboxRetention, error)
	ExpiredConversations(ctx context.Context, orgID, inboxID string, mode kefu.RetentionMode, cutoff time.Time, limit int) ([]string, error)
	// ApplyRetention takes one batch in one write and returns the attachment files to delete.
	ApplyRetention(ctx context.Context, b kefu.RetentionBatch) (kefu.RetentionCounts, []string, error)
	// ScrubFreed removes deleted values from the database's free pages and log (SQLite).
	ScrubFreed(ctx context.Context) error
}

// Blobs holds attachment files.
type Blobs interface {
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	Delete(ctx context.Context, key string) error
}

// Auditor records actions in the audit log; audit.Service satisfies it.
type Auditor interface {
	Record(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry)
	// Append is Record that fails, for actions that must not go on unaudited (an export).
	Append(ctx context.Context, actor kefu.Actor, e kefu.AuditEntry) error
	Within(ctx context.Context, actor kefu.Actor, entries ...kefu.AuditEntry) context.Context
}

// Revoker ends the open connections of an erased contact's visitors, on every node.
type Revoker interface {
	Contact(orgID, contactID string)
}

// Options configure a Service. Store, Blobs and Auditor are required.
type Options struct {
	Store   Store
	Blobs   Blobs
	Auditor Auditor
	Revoker Revoker      // nil: open visitor connections end at their next check only
	Logger  *slog.Logger // nil discards
	// RetentionBudget bounds the conversations one RetentionRun takes per inbox, so that a
	// first run over years of history spreads over many ticks; zero = 2,000.
	RetentionBudget int
}

// Service implements retention, legal holds and data subject requests.
type Service struct {
	store   Store
	blobs   Blobs
	audit   Auditor
	revoker Revoker
	log     *slog.Logger
	budget  int
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Blobs == nil || o.Auditor == nil {
		return nil, errors.New("privacy: Options.Store, Blobs and Auditor are required")
	}
	s := &Service{store: o.Store, blobs: o.Blobs, audit: o.Auditor, revoker: o.Revoker, log: o.Logger, budget: o.RetentionBudget}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.budget <= 0 {
		s.budget = 2000
	}
	return s, nil
}

// Audit actions of this package.
const (
	ActionRetentionUpdated = "retention.updated"
	ActionRetentionRun     = "retention.run"
	ActionHoldSet          = "legal_hold.set"
	ActionHoldCleared      = "legal_hold.cleared"
	ActionExportCreated    = "export.created"
	ActionContactErased    = "contact.erased"
)

// entry is the audit entry of action on a target, with fields after the change.
func entry(actor kefu.Actor, action, kind, id string, after map[string]any) kefu.AuditEntry {
	_, a := kefu.AuditDiff(nil, after)
	return kefu.AuditEntry{OrgID: actor.OrgID, Action: action, TargetType: kind, TargetID: id, After: a}
}

// deleteFiles deletes attachment files whose rows are gone; a failure is logged, as the rows
// no longer reference the file.
func (s *Service) deleteFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if err := s.blobs.Delete(context.WithoutCancel(ctx), k); err != nil {
			s.log.ErrorContext(ctx, "attachment file not deleted", "key", k, "err", err)
		}
	}
}

// authorize answers not found unless the actor is an agent of the organisation that has the
// object (exists reports it), and forbidden when the agent lacks p: another organisation's
// object answers exactly as a missing one, and only a visible one tells what is missing.
func authorize(ctx context.Context, actor kefu.Actor, id string, p kefu.Permission, exists func(ctx context.Context, orgID, id string) error) error {
	if !actor.IsAgent() || !kefu.ValidID(id) {
		return kefu.ErrNotFound
	}
	if err := exists(ctx, actor.OrgID, id); err != nil {
		return err
	}
	if !actor.Has(p) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
	}
	return nil
}

// contactExists is not found for a contact the organisation does not have (or has erased).
func (s *Service) contactExists(ctx context.Context, orgID, id string) error {
	p, err := s.store.ContactPrivacy(ctx, orgID, id)
	if err == nil && p.ErasedAt != nil {
		return kefu.ErrNotFound
	}
	return err
}

// conversationExists is not found for a conversation the organisation does not have.
func (s *Service) conversationExists(ctx context.Context, orgID, id string) error {
	_, err := s.store.ConversationHold(ctx, orgID, id)
	return err
}

// inboxExists is not found for an inbox the organisation does not have.
func (s *Service) inboxExists(ctx context.Context, orgID, id string) error {
	_, err := s.store.InboxRetention(ctx, orgID, id)
	return err
}
