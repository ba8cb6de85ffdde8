package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// erasable narrows a contact's conversations to those erasure may touch: the contact and the
// conversation both free of legal hold. Its parameters are the organisation and the contact.
const erasable = `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
	WHERE c.org_id = ? AND c.contact_id = ? AND ct.legal_hold = FALSE AND c.legal_hold = FALSE`

// EraseContact erases a contact: its messages, attachments, events and identities are deleted,
// its profile blanked, and its row kept as a tombstone saying when and by whom (by: an agent
// id). Its conversations stay, empty, so that references and report counts hold. A contact or
// conversation under legal hold is refused with a conflict. The messages and events go first in
// writes of at most deleteChunk rows, so a long history never holds the writer; the last write
// checks the hold again, deletes what arrived meanwhile and leaves the tombstone, with the audit
// entry ctx carries. It returns what it removed, so the caller can delete the files.
func (s *Store) EraseContact(ctx context.Context, orgID, contactID, by string) (*kefu.Erasure, error) {
	if err := refuseHeld(ctx, s.reader(), orgID, contactID); err != nil {
		return nil, err
	}
	unaudited := kefu.WithPendingAudit(ctx, nil) // the entry belongs to the last write only
	n, err := s.deleteInChunks(unaudited, deleteChunk, `DELETE FROM messages WHERE (conversation_id, seq) IN
		(SELECT m.conversation_id, m.seq FROM messages m WHERE m.org_id = ? AND m.conversation_id IN (`+erasable+`) LIMIT ?)`,
		orgID, orgID, contactID)
	if err != nil {
		return nil, err
	}
	if _, err := s.deleteInChunks(unaudited, deleteChunk, `DELETE FROM events WHERE (org_id, seq) IN
		(SELECT e.org_id, e.seq FROM events e WHERE e.org_id = ? AND e.conversation_id IN (`+erasable+`) LIMIT ?)`,
		orgID, orgID, contactID); err != nil {
		return nil, err
	}
	var out *kefu.Erasure
	err = s.write(ctx, func(t *Tx) error {
		var err error
		out, err = t.eraseRest(orgID, contactID, by)
		return err
	})
	if out != nil {
		out.Messages += int(n)
	}
	return out, err
}

// refuseHeld fails with a conflict when the contact or one of its conversations is under legal
// hold, and with not found when the organisation has no such contact or it is erased already.
func refuseHeld(ctx context.Context, c conn, orgID, contactID string) error {
	var held, erased bool
	err := c.queryRow(ctx, `SELECT ct.legal_hold OR EXISTS (SELECT 1 FROM conversations c WHERE c.contact_id = ct.id AND c.legal_hold = TRUE),
		ct.erased_at IS NOT NULL FROM contacts ct WHERE ct.org_id = ? AND ct.id = ?`, orgID, contactID).Scan(&held, &erased)
	switch {
	case err != nil:
		return dbError(err)
	case erased:
		return kefu.ErrNotFound
	case held:
		return kefu.Errorf(kefu.CodeConflict, "the contact or one of its conversations is under legal hold")
	}
	return nil
}

// eraseRest is EraseContact's last write.
func (t *Tx) eraseRest(orgID, contactID, by string) (*kefu.Erasure, error) {
	if err := refuseHeld(t.ctx, t.c, orgID, contactID); err != nil {
		return nil, err
	}
	out := &kefu.Erasure{}
	var err error
	if out.ConversationIDs, err = t.contactConversationIDs(orgID, contactID); err != nil {
		return nil, err
	}
	if len(out.ConversationIDs) > 0 {
		if out.StorageKeys, err = t.attachmentKeys(orgID, out.ConversationIDs); err != nil {
			return nil, err
		}
		if out.Messages, err = t.eraseConversations(orgID, out.ConversationIDs); err != nil {
			return nil, err
		}
	}
	// The pages a visitor looked at are theirs too.
	if _, err := t.exec(`DELETE FROM visits WHERE org_id = ? AND contact_id = ?`, orgID, contactID); err != nil {
		return nil, dbError(err)
	}
	if err := t.eraseMerged(orgID, contactID, by, out); err != nil {
		return nil, err
	}
	return out, t.tombstone(orgID, contactID, by)
}

// contactConversationIDs lists a contact's conversations.
func (t *Tx) contactConversationIDs(orgID, contactID string) ([]string, error) {
	return t.c.strings(t.ctx, `SELECT id FROM conversations WHERE org_id = ? AND contact_id = ?`, orgID, contactID)
}

// eraseConversations empties conversations of their messages, attachments, events and rating
// comment, and tells agents; it returns how many messages it deleted.
func (t *Tx) eraseConversations(orgID string, ids []string) (int, error) {
	in := ` IN (` + placeholders(len(ids)) + `)`
	res, err := t.exec(`DELETE FROM messages WHERE org_id = ? AND conversation_id`+in, anyArgs(ids, orgID)...)
	if err != nil {
		return 0, dbError(err)
	}
	n, _ := res.RowsAffected()
	for _, q := range []string{
		`DELETE FROM attachments WHERE org_id = ? AND conversation_id` + in,
		`DELETE FROM events WHERE org_id = ? AND conversation_id` + in,
		`UPDATE conversations SET rating_comment = NULL WHERE org_id = ? AND id` + in,
	} {
		if _, err := t.exec(q, anyArgs(ids, orgID)...); err != nil {
			return 0, dbError(err)
		}
	}
	return int(n), t.emitErased(orgID, ids)
}
