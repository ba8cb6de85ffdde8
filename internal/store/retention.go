package store

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// expiredWhere selects the conversations of one inbox that retention may take: last active
// before the cutoff, neither they nor their contact under legal hold. Its parameters are the
// organisation, the inbox and the cutoff.
const expiredWhere = `c.org_id = ? AND c.inbox_id = ? AND c.last_activity_at < ? AND c.legal_hold = FALSE
	AND NOT EXISTS (SELECT 1 FROM contacts h WHERE h.id = c.contact_id AND h.legal_hold = TRUE)`

// notAnonymised narrows expiredWhere to conversations with something left to anonymise: never
// anonymised, or active again since (a returning visitor wrote into it).
const notAnonymised = ` AND (c.anonymised_at IS NULL OR c.anonymised_at < c.last_activity_at)`

// ExpiredConversations returns up to limit conversations of an inbox that retention in mode
// would take at cutoff, oldest activity first. Anonymised ones are taken again only when active since.
func (s *Store) ExpiredConversations(ctx context.Context, orgID, inboxID string, mode kefu.RetentionMode, cutoff time.Time, limit int) ([]string, error) {
	where := expiredWhere
	if mode == kefu.RetentionAnonymise {
		where += notAnonymised
	}
	return s.reader().strings(ctx, `SELECT c.id FROM conversations c WHERE `+where+`
		ORDER BY c.last_activity_at LIMIT ?`, orgID, inboxID, micros(cutoff), limit)
}

// ApplyRetention deletes or anonymises the batch's conversations in one write, and returns what
// it did and the storage keys of the attachment files to delete now that their rows are gone.
func (s *Store) ApplyRetention(ctx context.Context, b kefu.RetentionBatch) (kefu.RetentionCounts, []string, error) {
	var counts kefu.RetentionCounts
	var keys []string
	err := s.write(ctx, func(t *Tx) error {
		counts, keys = kefu.RetentionCounts{}, nil
		ids, contacts, err := t.stillExpired(b)
		if err != nil || len(ids) == 0 {
			return err
		}
		counts.Conversations = len(ids)
		if keys, err = t.attachmentKeys(b.OrgID, ids); err != nil {
			return err
		}
		counts.Attachments = len(keys)
		if b.Mode == kefu.RetentionAnonymise {
			counts.Contacts, err = t.anonymise(b.OrgID, ids, contacts)
		} else {
			counts.Contacts, err = t.deleteConversations(b.OrgID, ids, contacts)
		}
		return err
	})
	return counts, keys, err
}

// stillExpired narrows a batch to the conversations retention may still take, with their
// contacts.
func (t *Tx) stillExpired(b kefu.RetentionBatch) (ids, contacts []string, err error) {
	where := expiredWhere + ` AND c.id IN (` + placeholders(len(b.IDs)) + `)`
	if b.Mode == kefu.RetentionAnonymise {
		where += notAnonymised
	}
	rows, err := t.c.query(t.ctx, `SELECT c.id, c.contact_id FROM conversations c WHERE `+where,
		anyArgs(b.IDs, b.OrgID, b.InboxID, micros(b.Cutoff))...)
	if err != nil {
		return nil, nil, kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, contact string
		if err := rows.Scan(&id, &contact); err != nil {
			return nil, nil, kefu.Internal(err)
		}
		ids, contacts = append(ids, id), append(contacts, contact)
	}
	return ids, uniqueIDs(contacts), dbError(rows.Err())
}

// attachmentKeys returns the storage keys of the conversations' attachments.
func (t *Tx) attachmentKeys(orgID string, convIDs []string) ([]string, error) {
	rows, err := t.c.query(t.ctx, `SELECT storage_key FROM attachments WHERE org_id = ? AND conversation_id IN (`+
		placeholders(len(convIDs))+`)`, anyArgs(convIDs, orgID)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, kefu.Internal(err)
		}
		keys = append(keys, k)
	}
	return keys, dbError(rows.Err())
}

// deleteConversations deletes conversations with their messages and events (attachments and
// labels go with them), then those of their contacts that have nothing left.
func (t *Tx) deleteConversations(orgID string, ids, contacts []string) (int, error) {
	in := ` IN (` + placeholders(len(ids)) + `)`
	for _, q := range []string{
		`DELETE FROM messages WHERE org_id = ? AND conversation_id` + in,
		`DELETE FROM events WHERE org_id = ? AND conversation_id` + in,
		`DELETE FROM conversations WHERE org_id = ? AND id` + in,
	} {
		if _, err := t.exec(q, anyArgs(ids, orgID)...); err != nil {
			return 0, dbError(err)
		}
	}
	if err := t.emitErased(orgID, ids); err != nil {
		return 0, err
	}
	return t.dropLeftContacts(orgID, contacts)
}

// dropLeftContacts deletes the contacts, with their events and identities, that have no
// conversation left and are not under hold.
func (t *Tx) dropLeftContacts(orgID string, contacts []string) (int, error) {
	left, err := t.contactsWithout(orgID, contacts, `SELECT 1 FROM conversations o WHERE o.contact_id = ct.id`)
	if err != nil || len(left) == 0 {
		return 0, err
	}
	in := ` IN (` + placeholders(len(left)) + `)`
	if _, err := t.exec(`DELETE FROM events WHERE org_id = ? AND contact_id`+in, anyArgs(left, orgID)...); err != nil {
		return 0, dbError(err)
	}
	if _, err := t.exec(`DELETE FROM contacts WHERE org_id = ? AND id`+in, anyArgs(left, orgID)...); err != nil {
		return 0, dbError(err)
	}
	return len(left), nil
}

// contactsWithout returns those of the contacts, not under hold nor erased, for which the
// subquery (over ct, the contact) finds no row.
func (t *Tx) contactsWithout(orgID string, contacts []string, sub string) ([]string, error) {
	if len(contacts) == 0 {
		return nil, nil
	}
	rows, err := t.c.query(t.ctx, `SELECT ct.id FROM contacts ct WHERE ct.org_id = ? AND ct.id IN (`+placeholders(len(contacts))+`)
		AND ct.legal_hold = FALSE AND ct.erased_at IS NULL AND NOT EXISTS (`+sub+`)`, anyArgs(contacts, orgID)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, id)
	}
	return out, dbError(rows.Err())
}

// anonymise replaces the conversations' message text by a placeholder, drops their attachments,
// events and rating comment, and detaches the contacts left with nothing but anonymised
// conversations: their profile and identities go, their id stays as a tombstone.
func (t *Tx) anonymise(orgID string, ids, contacts []string) (int, error) {
	in := ` IN (` + placeholders(len(ids)) + `)`
	steps := []struct {
		q    string
		lead []any
	}{
		{`UPDATE messages SET content = ?, sender_name = CASE WHEN sender_type = 'contact' THEN '' ELSE sender_name END
			WHERE org_id = ? AND conversation_id` + in, []any{kefu.AnonymisedText, orgID}},
		{`DELETE FROM attachments WHERE org_id = ? AND conversation_id` + in, []any{orgID}},
		{`DELETE FROM events WHERE org_id = ? AND conversation_id` + in, []any{orgID}},
		{`UPDATE conversations SET anonymised_at = ?, rating_comment = NULL WHERE org_id = ? AND id` + in, []any{micros(t.now), orgID}},
	}
	for _, st := range steps {
		if _, err := t.exec(st.q, anyArgs(ids, st.lead...)...); err != nil {
			return 0, dbError(err)
		}
	}
	if err := t.emitErased(orgID, ids); err != nil {
		return 0, err
	}
	left, err := t.contactsWithout(orgID, contacts,
		`SELECT 1 FROM conversations o WHERE o.contact_id = ct.id AND (o.anonymised_at IS NULL OR o.legal_hold = TRUE)`)
	if err != nil {
		return 0, err
	}
	for _, id := range left {
		if err := t.tombstone(orgID, id, "retention"); err != nil {
			return 0, err
		}
	}
	return len(left), nil
}

// emitErased tells agents' open views that the conversations' content is gone.
func (t *Tx) emitErased(orgID string, ids []string) error {
	for _, id := range ids {
		if err := t.emit(kefu.Event{OrgID: orgID, Type: kefu.EventConversationErased, ConversationID: id}); err != nil {
			return err
		}
	}
	return nil
}

// tombstone strips a contact of its profile, identities and events, keeping its id with when
// and by whom it was erased.
func (t *Tx) tombstone(orgID, id, by string) error {
	if _, err := t.exec(`DELETE FROM identities WHERE org_id = ? AND contact_id = ?`, orgID, id); err != nil {
		return dbError(err)
	}
	if _, err := t.exec(`DELETE FROM events WHERE org_id = ? AND contact_id = ?`, orgID, id); err != nil {
		return dbError(err)
	}
	return mustAffect(t.exec(`UPDATE contacts SET name = '', email = '', phone = '', avatar_url = '', attributes = '{}',
		last_seen_at = NULL, erased_at = ?, erased_by = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
		micros(t.now), by, micros(t.now), orgID, id))
}
