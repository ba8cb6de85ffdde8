package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// UnmergeContacts undoes merge mergeID of contact keptID: the merged contact gets back the
// identities and conversations the merge moved, plus the conversations started since the
// merge in an inbox of a channel only the merged contact had an identity on (they came in
// through its identity); the kept contact's profile loses what the merge filled, unless an
// agent changed it since. A merge undone already, or whose kept contact was merged again
// since, is a conflict.
func (s *Store) UnmergeContacts(ctx context.Context, orgID, keptID, mergeID, by string) (*kefu.ContactMerge, error) {
	var out *kefu.ContactMerge
	err := s.write(ctx, func(t *Tx) error {
		var err error
		out, err = t.unmergeContacts(orgID, keptID, mergeID, by)
		return err
	})
	return out, err
}

func (t *Tx) unmergeContacts(orgID, keptID, mergeID, by string) (*kefu.ContactMerge, error) {
	if err := t.lockOrg(orgID); err != nil {
		return nil, err
	}
	m, err := t.undoableMerge(orgID, keptID, mergeID)
	if err != nil {
		return nil, err
	}
	kept, err := t.standingContact(orgID, keptID)
	if kefu.ErrorCode(err) == kefu.CodeConflict {
		return nil, kefu.Errorf(kefu.CodeConflict, "this contact was merged into another since: undo that merge first")
	}
	if err != nil {
		return nil, err
	}
	back, err := t.conversationsGoingBack(orgID, m)
	if err != nil {
		return nil, err
	}
	if err := t.moveContactRows(orgID, keptID, m.MergedID, m.Moved.IdentityIDs, back); err != nil {
		return nil, err
	}
	kefu.Unfill(kept, m.Moved.Filled)
	if err := t.saveProfile(kept); err != nil {
		return nil, err
	}
	if err := t.setMergedInto(orgID, m.MergedID, nil); err != nil {
		return nil, err
	}
	now := t.now
	m.UndoneAt, m.UndoneBy = &now, by
	return m, mustAffect(t.exec(`UPDATE contact_merges SET undone_at = ?, undone_by = ? WHERE org_id = ? AND id = ?`, micros(now), by, orgID, m.ID))
}

// undoableMerge reads a merge of the kept contact, locked: not found when it is not this
// contact's, a conflict when undone already.
func (t *Tx) undoableMerge(orgID, keptID, mergeID string) (*kefu.ContactMerge, error) {
	m, err := scanMerge(t.c.queryRow(t.ctx, `SELECT `+mergeColumns+` FROM contact_merges m JOIN contacts c ON c.id = m.merged_id
		WHERE m.org_id = ? AND m.kept_id = ? AND m.id = ?`+t.c.d.forUpdateOf("m"), orgID, keptID, mergeID))
	if err != nil {
		return nil, err
	}
	if m.UndoneAt != nil {
		return nil, kefu.Errorf(kefu.CodeConflict, "this merge was undone already")
	}
	// An erased merged contact cannot take its identities and conversations back.
	var erased sql.NullInt64
	if err := t.c.queryRow(t.ctx, `SELECT erased_at FROM contacts WHERE org_id = ? AND id = ?`, orgID, m.MergedID).Scan(&erased); err != nil {
		return nil, dbError(err)
	}
	if erased.Valid {
		return nil, kefu.Errorf(kefu.CodeConflict, "the merged contact was erased")
	}
	return m, nil
}

// conversationsGoingBack lists the conversations unmerge gives back to the merged contact:
// those the merge moved that are still the kept contact's, and those started since the merge
// in an inbox of a channel on which only the merged contact had an identity.
func (t *Tx) conversationsGoingBack(orgID string, m *kefu.ContactMerge) ([]string, error) {
	back := []string{}
	if len(m.Moved.ConversationIDs) > 0 {
		ids, err := t.c.strings(t.ctx, `SELECT id FROM conversations WHERE org_id = ? AND contact_id = ? AND id IN (`+
			placeholders(len(m.Moved.ConversationIDs))+`)`, anyArgs(m.Moved.ConversationIDs, orgID, m.KeptID)...)
		if err != nil {
			return nil, err
		}
		back = append(back, ids...)
	}
	if len(m.Moved.Channels) == 0 {
		return back, nil
	}
	channels := make([]string, len(m.Moved.Channels))
	for i, ch := range m.Moved.Channels {
		channels[i] = string(ch)
	}
	since, err := t.c.strings(t.ctx, `SELECT c.id FROM conversations c JOIN inboxes i ON i.id = c.inbox_id
		WHERE c.org_id = ? AND c.contact_id = ? AND c.created_at >= ? AND i.channel IN (`+placeholders(len(channels))+`)`,
		anyArgs(channels, orgID, m.KeptID, micros(m.CreatedAt))...)
	if err != nil {
		return nil, err
	}
	return append(back, since...), nil
}

// mergeColumns are what scanMerge reads, from contact_merges m joined with the merged contact c.
const mergeColumns = `m.id, m.org_id, m.kept_id, m.merged_id, m.moved, m.merged_by, m.created_at, m.undone_at, m.undone_by,
	c.name, c.email, c.number`

func scanMerge(row scanner) (*kefu.ContactMerge, error) {
	var (
		m       kefu.ContactMerge
		moved   string
		created int64
		undone  sql.NullInt64
		named   kefu.Contact
	)
	err := row.Scan(&m.ID, &m.OrgID, &m.KeptID, &m.MergedID, &moved, &m.MergedBy, &created, &undone, &m.UndoneBy,
		&named.Name, &named.Email, &named.Number)
	if err != nil {
		return nil, dbError(err)
	}
	if m.Moved, err = decodeMoved(moved); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UndoneAt, m.MergedName = fromMicros(created), fromNullMicros(undone), contactName(&named)
	return &m, nil
}

// ListContactMerges lists the merges into a contact, newest first, undone ones included.
func (s *Store) ListContactMerges(ctx context.Context, orgID, contactID string) ([]kefu.ContactMerge, error) {
	rows, err := s.reader().query(ctx, `SELECT `+mergeColumns+` FROM contact_merges m JOIN contacts c ON c.id = m.merged_id
		WHERE m.org_id = ? AND m.kept_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT 100`, orgID, contactID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.ContactMerge{}
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, dbError(rows.Err())
}
