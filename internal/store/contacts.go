package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const contactColumns = `id, org_id, number, name, email, phone, avatar_url, attributes, last_seen_at, created_at, updated_at, level`

// contactSelect is what scanContact reads: the written columns and the merge pointer.
const contactSelect = contactColumns + `, COALESCE(merged_into, '')`

func scanContact(row scanner) (*kefu.Contact, error) {
	var (
		c                kefu.Contact
		attrs            string
		lastSeen         sql.NullInt64
		created, updated int64
	)
	err := row.Scan(&c.ID, &c.OrgID, &c.Number, &c.Name, &c.Email, &c.Phone, &c.AvatarURL, &attrs, &lastSeen, &created, &updated, &c.Level, &c.MergedInto)
	if err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(attrs), &c.Attributes); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode contact attributes: %w", err))
	}
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	c.Identities = []kefu.Identity{}
	c.LastSeenAt, c.CreatedAt, c.UpdatedAt = fromNullMicros(lastSeen), fromMicros(created), fromMicros(updated)
	return &c, nil
}

func attributes(c *kefu.Contact) map[string]string {
	if c.Attributes == nil {
		return map[string]string{}
	}
	return c.Attributes
}

// CreateContact creates a contact together with its identities.
func (s *Store) CreateContact(ctx context.Context, c *kefu.Contact) error {
	n := *c
	now := s.now()
	if n.ID == "" {
		n.ID = newID()
	}
	n.CreatedAt, n.UpdatedAt = orNow(n.CreatedAt, now), orNow(n.UpdatedAt, now)
	n.LastSeenAt, n.Attributes = normTimePtr(n.LastSeenAt), attributes(&n)
	n.Identities = prepareIdentities(n.Identities, n.OrgID, n.ID, now)
	err := s.write(ctx, func(t *Tx) error {
		number, err := t.nextContactNumber(n.OrgID)
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO contacts (`+contactColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.ID, n.OrgID, number, n.Name, n.Email, n.Phone, n.AvatarURL, jsonText(n.Attributes),
			nullMicros(n.LastSeenAt), micros(n.CreatedAt), micros(n.UpdatedAt), n.Level)
		if isUniqueViolation(err) {
			return kefu.Errorf(kefu.CodeConflict, "a contact with this id already exists")
		}
		if err != nil {
			return dbError(err)
		}
		n.Number = number
		for i := range n.Identities {
			if err := insertIdentity(t, &n.Identities[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	*c = n
	return nil
}

func prepareIdentities(ids []kefu.Identity, orgID, contactID string, now time.Time) []kefu.Identity {
	out := make([]kefu.Identity, len(ids))
	for i, id := range ids {
		prepareIdentity(&id, now)
		id.OrgID, id.ContactID = orgID, contactID
		out[i] = id
	}
	return out
}

func prepareIdentity(id *kefu.Identity, now time.Time) {
	if id.ID == "" {
		id.ID = newID()
	}
	id.CreatedAt = orNow(id.CreatedAt, now)
}

func insertIdentity(t *Tx, id *kefu.Identity) error {
	_, err := t.exec(`INSERT INTO identities (id, org_id, contact_id, channel, external_id, verified, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id.ID, id.OrgID, id.ContactID, string(id.Channel), id.ExternalID, id.Verified, micros(id.CreatedAt))
	switch {
	case isUniqueViolation(err):
		return kefu.Errorf(kefu.CodeConflict, "this %s identity already belongs to a contact", id.Channel)
	case isForeignKeyViolation(err):
		return kefu.ErrNotFound
	}
	return dbError(err)
}

// AddIdentity ties another channel identity to an existing contact of the same organisation.
func (s *Store) AddIdentity(ctx context.Context, id *kefu.Identity) error {
	n := *id
	prepareIdentity(&n, s.now())
	err := s.write(ctx, func(t *Tx) error {
		var one int
		err := t.c.queryRow(t.ctx, `SELECT 1 FROM contacts WHERE org_id = ? AND id = ?`, n.OrgID, n.ContactID).Scan(&one)
		if err != nil {
			return dbError(err)
		}
		return insertIdentity(t, &n)
	})
	if err != nil {
		return err
	}
	*id = n
	return nil
}

// GetContact returns a contact of the organisation with its identities.
func (s *Store) GetContact(ctx context.Context, orgID, id string) (*kefu.Contact, error) {
	c, err := scanContact(s.reader().queryRow(ctx, `SELECT `+contactSelect+` FROM contacts WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return nil, err
	}
	return c, s.fillIdentities(ctx, []*kefu.Contact{c})
}

// FindContactByIdentity finds the contact that owns an identity on a channel.
func (s *Store) FindContactByIdentity(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string) (*kefu.Contact, error) {
	var contactID string
	err := s.reader().queryRow(ctx, `SELECT contact_id FROM identities WHERE org_id = ? AND channel = ? AND external_id = ?
		ORDER BY verified DESC LIMIT 1`, orgID, string(ch), externalID).Scan(&contactID)
	if err != nil {
		return nil, dbError(err)
	}
	return s.GetContact(ctx, orgID, contactID)
}

// FindContactByExactIdentity finds the contact that owns an identity on a channel with exactly
// this verification: a verified identity and an unverified one with the same id are different
// keys, so an unverified sender never resolves to a verified identity's contact.
func (s *Store) FindContactByExactIdentity(ctx context.Context, orgID string, ch kefu.ChannelType, externalID string, verified bool) (*kefu.Contact, error) {
	var contactID string
	err := s.reader().queryRow(ctx, `SELECT contact_id FROM identities WHERE org_id = ? AND channel = ? AND external_id = ? AND verified = ?`,
		orgID, string(ch), externalID, verified).Scan(&contactID)
	if err != nil {
		return nil, dbError(err)
	}
	return s.GetContact(ctx, orgID, contactID)
}

// fillIdentities loads the identities of the contacts in one query.
func (s *Store) fillIdentities(ctx context.Context, contacts []*kefu.Contact) error {
	if len(contacts) == 0 {
		return nil
	}
	byID := make(map[string]*kefu.Contact, len(contacts))
	ids := make([]string, 0, len(contacts))
	for _, c := range contacts {
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT id, org_id, contact_id, channel, external_id, verified, created_at
		FROM identities WHERE contact_id IN (`+placeholders(len(ids))+`) ORDER BY created_at, id`, anyArgs(ids)...)
	if err != nil {
		return kefu.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      kefu.Identity
			created int64
		)
		if err := rows.Scan(&id.ID, &id.OrgID, &id.ContactID, &id.Channel, &id.ExternalID, &id.Verified, &created); err != nil {
			return kefu.Internal(err)
		}
		id.CreatedAt = fromMicros(created)
		c := byID[id.ContactID]
		c.Identities = append(c.Identities, id)
	}
	return dbError(rows.Err())
}

// UpdateContact saves a contact's name, email, phone, avatar, level, attributes and last-seen
// time.
// Identities are added with AddIdentity.
func (s *Store) UpdateContact(ctx context.Context, c *kefu.Contact) error {
	now := s.now()
	attrs, lastSeen := attributes(c), normTimePtr(c.LastSeenAt)
	err := s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`UPDATE contacts SET name = ?, email = ?, phone = ?, avatar_url = ?, attributes = ?,
			last_seen_at = ?, updated_at = ?, level = ? WHERE org_id = ? AND id = ?`,
			c.Name, c.Email, c.Phone, c.AvatarURL, jsonText(attrs), nullMicros(lastSeen), micros(now), c.Level, c.OrgID, c.ID))
	})
	if err != nil {
		return err
	}
	c.Attributes, c.LastSeenAt, c.UpdatedAt = attrs, lastSeen, now
	return nil
}

// ListContacts returns a page of the organisation's contacts, newest first, and the cursor of
// the next page ("" on the last page).
func (s *Store) ListContacts(ctx context.Context, orgID string, q kefu.ContactQuery) ([]kefu.Contact, string, error) {
	limit := clampLimit(q.Limit, 25, 100)
	where, args := `org_id = ? AND erased_at IS NULL AND merged_into IS NULL`, []any{orgID} // a tombstone or a merged contact is no one to list
	if q.ID != "" {
		where, args = where+` AND id = ?`, append(args, q.ID)
	}
	if q.Scope != nil {
		cond, a := scopeCondition(q.Scope)
		where += ` AND EXISTS (SELECT 1 FROM conversations c WHERE c.org_id = contacts.org_id
			AND c.contact_id = contacts.id AND ` + cond + `)`
		args = append(args, a...)
	}
	if q.Search != "" {
		op, pat := s.d.like(), likeContains(q.Search)
		where += ` AND (name ` + op + ` ? ESCAPE '\' OR email ` + op + ` ? ESCAPE '\' OR phone ` + op + ` ? ESCAPE '\')`
		args = append(args, pat, pat, pat)
	}
	if q.Cursor != "" {
		cur, err := decodeCursor(q.Cursor)
		if err != nil {
			return nil, "", err
		}
		where += ` AND (created_at < ? OR (created_at = ? AND id < ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT `+contactSelect+` FROM contacts WHERE `+where+`
		ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", kefu.Internal(err)
	}
	defer rows.Close()
	var page []*kefu.Contact
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, "", err
		}
		page = append(page, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", kefu.Internal(err)
	}
	next := ""
	if len(page) > limit {
		page = page[:limit]
		last := page[limit-1]
		next = encodeCursor(micros(last.CreatedAt), last.ID)
	}
	if err := s.fillIdentities(ctx, page); err != nil {
		return nil, "", err
	}
	contacts := make([]kefu.Contact, len(page))
	for i, c := range page {
		contacts[i] = *c
	}
	return contacts, next, nil
}
