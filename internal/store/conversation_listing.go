package store

import (
	"context"
	"database/sql"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// listingColumns are what a list row shows beyond the conversation itself: its newest message
// that is not an activity event, cut to a snippet, and its contact's name, email and number.
// They follow conversationColumns and come from listingJoins.
const listingColumns = `, lm.seq, lm.kind, lm.sender_type, SUBSTR(lm.content, 1, ` + previewSQLRunes + `), lm.created_at,
	lc.name, lc.email, lc.number`

// previewSQLRunes is how much text the database hands over for a preview: more than a row
// shows (kefu.MaxPreviewRunes), so masking sees a whole e-mail address or phone number
// before the text is cut, and a masked value is never left half-visible.
const previewSQLRunes = "400"

// listingJoins find each row's newest message by walking the messages primary key
// (conversation_id, seq) back from the end, skipping activity events: one or two index probes
// per row of a page, never a scan, and nothing stored on the append path. LEFT JOINs keep the
// conversations the outer loop, so SQLite still reads them in the page's index order.
const listingJoins = ` LEFT JOIN contacts lc ON lc.id = c.contact_id
	LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = (SELECT m.seq FROM messages m
		WHERE m.conversation_id = c.id AND m.kind <> 'event' ORDER BY m.seq DESC LIMIT 1)`

// listingRow receives the listingColumns of one row.
type listingRow struct {
	seq, at            sql.NullInt64
	kind, sender, text sql.NullString
	name, email        sql.NullString
	number             sql.NullInt64
	read               int64 // the reader's own read marker, when the query selects it
}

// dest lists where the row's columns go; mine adds the reader's read marker (readMarkerJoin).
func (r *listingRow) dest(mine bool) []any {
	d := []any{&r.seq, &r.kind, &r.sender, &r.text, &r.at, &r.name, &r.email, &r.number}
	if mine {
		d = append(d, &r.read)
	}
	return d
}

// fill sets the conversation's preview and contact summary from the row.
func (r *listingRow) fill(c *kefu.Conversation) {
	c.MyLastReadSeq = r.read
	c.Contact = &kefu.ContactSummary{Name: r.name.String, Email: r.email.String, Number: r.number.Int64}
	if !r.seq.Valid {
		return
	}
	c.LastMessage = &kefu.MessagePreview{
		Seq: r.seq.Int64, Kind: kefu.MessageKind(r.kind.String), SenderType: kefu.SenderType(r.sender.String),
		Text: r.text.String, CreatedAt: fromMicros(r.at.Int64),
	}
}

// queryListing runs a conversation query that selects conversationColumns, listingColumns and
// listingJoins (and, when mine, the reader's marker after them), and fills labels in one more
// query.
func (s *Store) queryListing(ctx context.Context, mine bool, query string, args ...any) ([]kefu.Conversation, error) {
	return s.queryConversationsWith(ctx, func(row scanner) (*kefu.Conversation, error) {
		var r listingRow
		c, err := scanConversation(row, r.dest(mine)...)
		if err == nil {
			r.fill(c)
		}
		return c, err
	}, query, args...)
}

// GetConversationListing returns a conversation of the organisation as a list row shows it:
// with its labels, newest message preview and contact summary.
func (s *Store) GetConversationListing(ctx context.Context, orgID, id string) (*kefu.Conversation, error) {
	convs, err := s.queryListing(ctx, false, `SELECT `+conversationColumns+listingColumns+` FROM conversations c`+listingJoins+`
		WHERE c.org_id = ? AND c.id = ?`, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(convs) == 0 {
		return nil, kefu.ErrNotFound
	}
	return &convs[0], nil
}
