package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const visitColumns = `org_id, contact_id, inbox_id, visit_count, page_views, visit_started_at, last_seen_at,
	page_url, page_title, referrer, language`

func scanVisit(row scanner) (*kefu.Visit, error) {
	var (
		v             kefu.Visit
		started, seen int64
	)
	err := row.Scan(&v.OrgID, &v.ContactID, &v.InboxID, &v.Visits, &v.PageViews, &started, &seen,
		&v.PageURL, &v.PageTitle, &v.Referrer, &v.Language)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kefu.ErrNotFound
	}
	if err != nil {
		return nil, dbError(err)
	}
	v.StartedAt, v.LastSeenAt = fromMicros(started), fromMicros(seen)
	return &v, nil
}

// RecordPageView applies a page view to the contact's visits through the inbox in one write:
// the same visit, or a new one after kefu.VisitAbsence away (kefu.Visit.Next decides). The
// contact and inbox must belong to pv's organisation.
func (s *Store) RecordPageView(ctx context.Context, pv kefu.PageView) (*kefu.Visit, error) {
	pv.At = normTime(pv.At)
	var out kefu.Visit
	err := s.write(ctx, func(t *Tx) error {
		if err := t.mustExistInOrg("contacts", "contact_id", "no such contact", pv.OrgID, pv.ContactID); err != nil {
			return err
		}
		prev, err := scanVisit(t.c.queryRow(t.ctx, `SELECT `+visitColumns+` FROM visits
			WHERE org_id = ? AND contact_id = ? AND inbox_id = ?`, pv.OrgID, pv.ContactID, pv.InboxID))
		if err != nil && !errors.Is(err, kefu.ErrNotFound) {
			return err
		}
		out = prev.Next(pv)
		return t.saveVisit(&out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func (t *Tx) saveVisit(v *kefu.Visit) error {
	_, err := t.exec(`INSERT INTO visits (`+visitColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, contact_id, inbox_id) DO UPDATE SET visit_count = excluded.visit_count,
		page_views = excluded.page_views, visit_started_at = excluded.visit_started_at,
		last_seen_at = excluded.last_seen_at, page_url = excluded.page_url, page_title = excluded.page_title,
		referrer = excluded.referrer, language = excluded.language`,
		v.OrgID, v.ContactID, v.InboxID, v.Visits, v.PageViews, micros(v.StartedAt), micros(v.LastSeenAt),
		v.PageURL, v.PageTitle, v.Referrer, v.Language)
	return dbError(err)
}

// GetVisit returns the contact's visits through the inbox; not_found before the first page view.
func (s *Store) GetVisit(ctx context.Context, k kefu.VisitKey) (*kefu.Visit, error) {
	return scanVisit(s.reader().queryRow(ctx, `SELECT `+visitColumns+` FROM visits
		WHERE org_id = ? AND contact_id = ? AND inbox_id = ?`, k.OrgID, k.ContactID, k.InboxID))
}

// TouchVisit moves the visit's last_seen_at forward to at (never back): written when a
// visitor's last connection ends, so that a long stay on one page still counts as present
// for the 30-minute rule.
func (s *Store) TouchVisit(ctx context.Context, k kefu.VisitKey, at time.Time) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`UPDATE visits SET last_seen_at = ? WHERE org_id = ? AND contact_id = ? AND inbox_id = ?
			AND last_seen_at < ?`, micros(normTime(at)), k.OrgID, k.ContactID, k.InboxID, micros(normTime(at)))
		return dbError(err)
	})
}

// OpenConversationsOf returns, for each contact of orgID among contactIDs, its newest
// conversation that is not resolved, by inbox: contact id → inbox id → conversation id.
func (s *Store) OpenConversationsOf(ctx context.Context, orgID string, contactIDs []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	if len(contactIDs) == 0 {
		return out, nil
	}
	args := []any{orgID}
	for _, id := range contactIDs {
		args = append(args, id)
	}
	rows, err := s.reader().query(ctx, `SELECT contact_id, inbox_id, id FROM conversations
		WHERE org_id = ? AND status <> 'resolved' AND contact_id IN (?`+strings.Repeat(", ?", len(contactIDs)-1)+`)
		ORDER BY last_activity_at`, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var contact, inbox, id string
		if err := rows.Scan(&contact, &inbox, &id); err != nil {
			return nil, dbError(err)
		}
		if out[contact] == nil {
			out[contact] = map[string]string{}
		}
		out[contact][inbox] = id // ascending activity: the newest wins
	}
	return out, dbError(rows.Err())
}
