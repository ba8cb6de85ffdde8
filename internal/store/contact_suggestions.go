package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// MergeCandidates lists the standing contacts of the organisation that share an identity key
// (the same channel and id, verified on one side and not on the other) or a profile e-mail or
// phone with the contact, leaving out pairs an agent dismissed. emails and phones are the
// contact's addresses and numbers as the caller normalised them.
func (s *Store) MergeCandidates(ctx context.Context, orgID, contactID string, emails, phones []string) ([]kefu.MergeCandidate, error) {
	var out []kefu.MergeCandidate
	seen := map[string]bool{contactID: true}
	add := func(cs []kefu.MergeCandidate) {
		for _, c := range cs {
			if !seen[c.ContactID] {
				seen[c.ContactID] = true
				out = append(out, c)
			}
		}
	}
	shared, err := s.sharedIdentities(ctx, orgID, contactID)
	if err != nil {
		return nil, err
	}
	add(shared)
	for _, f := range []struct {
		column, reason string
		values         []string
	}{{"email", kefu.SuggestSameEmail, emails}, {"phone", kefu.SuggestSamePhone, phones}} {
		same, err := s.sameProfileField(ctx, orgID, contactID, f.column, f.reason, f.values)
		if err != nil {
			return nil, err
		}
		add(same)
	}
	return out, nil
}

// standingOther is the condition on a candidate contact ct: another standing contact the
// agents did not dismiss as a pair with the contact (the last two parameters, twice).
const standingOther = `ct.merged_into IS NULL AND ct.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM contact_merge_dismissals d
	WHERE d.org_id = ct.org_id AND ((d.contact_a = ct.id AND d.contact_b = ?) OR (d.contact_a = ? AND d.contact_b = ct.id)))`

func (s *Store) sharedIdentities(ctx context.Context, orgID, contactID string) ([]kefu.MergeCandidate, error) {
	rows, err := s.reader().query(ctx, `SELECT DISTINCT ct.id, i2.channel, i2.external_id FROM identities i1
		JOIN identities i2 ON i2.org_id = i1.org_id AND i2.channel = i1.channel AND i2.external_id = i1.external_id AND i2.contact_id <> i1.contact_id
		JOIN contacts ct ON ct.id = i2.contact_id
		WHERE i1.org_id = ? AND i1.contact_id = ? AND `+standingOther+` ORDER BY ct.id LIMIT 20`, orgID, contactID, contactID, contactID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []kefu.MergeCandidate
	for rows.Next() {
		var c kefu.MergeCandidate
		var ch kefu.ChannelType
		if err := rows.Scan(&c.ContactID, &ch, &c.Value); err != nil {
			return nil, kefu.Internal(err)
		}
		c.Reason = identityReason(ch)
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// identityReason names why two contacts sharing an identity key may be one customer.
func identityReason(ch kefu.ChannelType) string {
	switch ch {
	case kefu.ChannelEmail:
		return kefu.SuggestSameEmail
	case kefu.IdentityPhone:
		return kefu.SuggestSamePhone
	}
	return kefu.SuggestSameIdentity
}

// sameProfileField finds contacts whose profile column, or identity of the matching kind,
// holds one of values.
func (s *Store) sameProfileField(ctx context.Context, orgID, contactID, column, reason string, values []string) ([]kefu.MergeCandidate, error) {
	if len(values) == 0 {
		return nil, nil
	}
	kind := map[string]kefu.ChannelType{"email": kefu.ChannelEmail, "phone": kefu.IdentityPhone}[column]
	in := `IN (` + placeholders(len(values)) + `)`
	rows, err := s.reader().query(ctx, `SELECT ct.id, ct.`+column+` FROM contacts ct WHERE ct.org_id = ? AND ct.id <> ? AND ct.`+column+` `+in+` AND `+standingOther+`
		UNION SELECT ct.id, i.external_id FROM identities i JOIN contacts ct ON ct.id = i.contact_id
		WHERE i.org_id = ? AND i.contact_id <> ? AND i.channel = ? AND i.external_id `+in+` AND `+standingOther+` LIMIT 20`,
		append(append(anyArgs(values, orgID, contactID), contactID, contactID, orgID, contactID, string(kind)), append(anyArgs(values), contactID, contactID)...)...)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var out []kefu.MergeCandidate
	for rows.Next() {
		c := kefu.MergeCandidate{Reason: reason}
		if err := rows.Scan(&c.ContactID, &c.Value); err != nil {
			return nil, kefu.Internal(err)
		}
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// DismissMergeSuggestion records that agents judged two contacts different customers, so
// neither lists the other as a suggestion again. Dismissing twice is no error.
func (s *Store) DismissMergeSuggestion(ctx context.Context, orgID, contactID, otherID, by string) error {
	a, b := min(contactID, otherID), max(contactID, otherID)
	return s.write(ctx, func(t *Tx) error {
		var n int
		if err := t.c.queryRow(t.ctx, `SELECT COUNT(*) FROM contacts WHERE org_id = ? AND id IN (?, ?)`, orgID, a, b).Scan(&n); err != nil {
			return dbError(err)
		}
		if n != 2 {
			return kefu.ErrNotFound
		}
		_, err := t.exec(`INSERT INTO contact_merge_dismissals (org_id, contact_a, contact_b, dismissed_by, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (org_id, contact_a, contact_b) DO NOTHING`, orgID, a, b, by, micros(t.now))
		return dbError(err)
	})
}
