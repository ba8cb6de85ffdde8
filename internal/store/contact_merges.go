package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MergeContacts merges mergedID into keptID in one transaction: the merged contact's
// identities and conversations move to the kept one, the kept one's empty profile fields and
// absent attributes are filled from it, and the merged contact is marked merged (kept, for
// undo). The merge record says what moved, so UnmergeContacts can restore both exactly. Either
// contact missing or erased is not found; one merged already is a conflict. The audit entry ctx
// carries commits with it.
func (s *Store) MergeContacts(ctx context.Context, orgID, keptID, mergedID, by string) (*kefu.ContactMerge, error) {
	var out *kefu.ContactMerge
	err := s.write(ctx, func(t *Tx) error {
		var err error
		out, err = t.mergeContacts(orgID, keptID, mergedID, by)
		return err
	})
	return out, err
}

func (t *Tx) mergeContacts(orgID, keptID, mergedID, by string) (*kefu.ContactMerge, error) {
	if err := t.lockOrg(orgID); err != nil { // orders merges, unmerges and their events per organisation
		return nil, err
	}
	kept, err := t.standingContact(orgID, keptID)
	if err != nil {
		return nil, err
	}
	merged, err := t.standingContact(orgID, mergedID)
	if err != nil {
		return nil, err
	}
	m := &kefu.ContactMerge{ID: newID(), OrgID: orgID, KeptID: keptID, MergedID: mergedID, MergedBy: by, CreatedAt: t.now}
	if m.Moved, err = t.whatMoves(orgID, keptID, mergedID); err != nil {
		return nil, err
	}
	m.Moved.Filled = kefu.FillFrom(kept, merged)
	if err := t.moveContactRows(orgID, mergedID, keptID, m.Moved.IdentityIDs, m.Moved.ConversationIDs); err != nil {
		return nil, err
	}
	if err := t.saveProfile(kept); err != nil {
		return nil, err
	}
	if err := t.setMergedInto(orgID, mergedID, &keptID); err != nil {
		return nil, err
	}
	m.MergedName = contactName(merged)
	return m, t.insertMerge(m)
}

// standingContact reads a contact for a merge, locked on PostgreSQL: not found when missing or
// erased, a conflict when merged into another already.
func (t *Tx) standingContact(orgID, id string) (*kefu.Contact, error) {
	var erased sql.NullInt64
	row := t.c.queryRow(t.ctx, `SELECT `+contactSelect+`, erased_at FROM contacts WHERE org_id = ? AND id = ?`+t.c.d.forUpdate(), orgID, id)
	c, err := scanContact(scanWith{row, &erased})
	switch {
	case err != nil:
		return nil, err
	case erased.Valid:
		return nil, kefu.ErrNotFound
	case c.MergedInto != "":
		return nil, kefu.Errorf(kefu.CodeConflict, "contact %s was merged into another contact", id)
	}
	return c, nil
}

// scanWith scans a contact row followed by extra columns.
type scanWith struct {
	row   scanner
	extra any
}

// Scan reads the contact's columns and then the extra one.
func (s scanWith) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// whatMoves lists what a merge moves: the merged contact's identities and conversations, and
// the identity kinds only it had.
func (t *Tx) whatMoves(orgID, keptID, mergedID string) (kefu.MergeMoved, error) {
	var mv kefu.MergeMoved
	var err error
	if mv.IdentityIDs, err = t.c.strings(t.ctx, `SELECT id FROM identities WHERE org_id = ? AND contact_id = ? ORDER BY id`, orgID, mergedID); err != nil {
		return mv, err
	}
	if mv.ConversationIDs, err = t.c.strings(t.ctx, `SELECT id FROM conversations WHERE org_id = ? AND contact_id = ? ORDER BY id`, orgID, mergedID); err != nil {
		return mv, err
	}
	theirs, err := t.c.strings(t.ctx, `SELECT DISTINCT channel FROM identities WHERE org_id = ? AND contact_id = ? ORDER BY channel`, orgID, mergedID)
	if err != nil {
		return mv, err
	}
	mine, err := t.c.strings(t.ctx, `SELECT DISTINCT channel FROM identities WHERE org_id = ? AND contact_id = ?`, orgID, keptID)
	if err != nil {
		return mv, err
	}
	for _, ch := range theirs {
		if !slices.Contains(mine, ch) {
			mv.Channels = append(mv.Channels, kefu.ChannelType(ch))
		}
	}
	return mv, nil
}

// moveContactRows gives the listed identities and conversations of contact from to contact to,
// and tells agents about each conversation moved.
func (t *Tx) moveContactRows(orgID, from, to string, identityIDs, conversationIDs []string) error {
	if len(identityIDs) > 0 {
		if _, err := t.exec(`UPDATE identities SET contact_id = ? WHERE org_id = ? AND contact_id = ? AND id IN (`+placeholders(len(identityIDs))+`)`,
			anyArgs(identityIDs, to, orgID, from)...); err != nil {
			return dbError(err)
		}
	}
	if len(conversationIDs) == 0 {
		return nil
	}
	if _, err := t.exec(`UPDATE conversations SET contact_id = ?, updated_at = ? WHERE org_id = ? AND contact_id = ? AND id IN (`+placeholders(len(conversationIDs))+`)`,
		anyArgs(conversationIDs, to, micros(t.now), orgID, from)...); err != nil {
		return dbError(err)
	}
	return t.emitMoved(orgID, conversationIDs)
}

// emitMoved tells agents that conversations changed contact, so open sidebars refresh.
func (t *Tx) emitMoved(orgID string, ids []string) error {
	for _, id := range ids {
		t.cache.forget(orgID, id)
		c, _, err := t.lockedConversation(orgID, id, nil)
		if err != nil {
			return err
		}
		if err := t.emit(kefu.Event{OrgID: orgID, Type: kefu.EventConversationUpdated, ConversationID: id,
			ContactID: c.ContactID, InboxID: c.InboxID, Conversation: cloneConversation(c)}); err != nil {
			return err
		}
	}
	return nil
}

// saveProfile writes a contact's profile fields inside a transaction.
func (t *Tx) saveProfile(c *kefu.Contact) error {
	return mustAffect(t.exec(`UPDATE contacts SET name = ?, email = ?, phone = ?, avatar_url = ?, level = ?, attributes = ?, updated_at = ?
		WHERE org_id = ? AND id = ?`, c.Name, c.Email, c.Phone, c.AvatarURL, c.Level, jsonText(attributes(c)), micros(t.now), c.OrgID, c.ID))
}

// setMergedInto marks a contact merged into another, or (nil) standing on its own again.
func (t *Tx) setMergedInto(orgID, id string, into *string) error {
	var v any
	if into != nil {
		v = *into
	}
	return mustAffect(t.exec(`UPDATE contacts SET merged_into = ?, updated_at = ? WHERE org_id = ? AND id = ?`, v, micros(t.now), orgID, id))
}

func (t *Tx) insertMerge(m *kefu.ContactMerge) error {
	_, err := t.exec(`INSERT INTO contact_merges (id, org_id, kept_id, merged_id, moved, merged_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.OrgID, m.KeptID, m.MergedID, jsonText(m.Moved), m.MergedBy, micros(m.CreatedAt))
	return dbError(err)
}

// contactName is how a merge names a contact to agents: its name, else its email, else its number.
func contactName(c *kefu.Contact) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Email != "":
		return c.Email
	}
	return fmt.Sprintf("#%d", c.Number)
}

// decodeMoved reads a merge record's moved column.
func decodeMoved(raw string) (kefu.MergeMoved, error) {
	var mv kefu.MergeMoved
	if err := json.Unmarshal([]byte(raw), &mv); err != nil {
		return mv, kefu.Internal(fmt.Errorf("decode contact merge: %w", err))
	}
	return mv, nil
}

// eraseMerged erases the contacts merged into contactID along with it, adding what it removed
// to out: a merged contact's profile is the same customer's data, kept only to undo the merge,
// and an erasure must not leave it behind.
func (t *Tx) eraseMerged(orgID, contactID, by string, out *kefu.Erasure) error {
	ids, err := t.c.strings(t.ctx, `SELECT id FROM contacts WHERE org_id = ? AND merged_into = ? AND erased_at IS NULL`, orgID, contactID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		more, err := t.eraseRest(orgID, id, by)
		if err != nil {
			return err
		}
		out.ConversationIDs = append(out.ConversationIDs, more.ConversationIDs...)
		out.StorageKeys = append(out.StorageKeys, more.StorageKeys...)
		out.Messages += more.Messages
	}
	return nil
}
