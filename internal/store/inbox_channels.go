package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboxesOfChannel returns the inboxes of channel type t in every organisation, secrets
// opened, for the channel's adapter to serve (an IMAP connection per mailbox, a poller per
// bot). Members are not loaded: an adapter does not need them.
func (s *Store) InboxesOfChannel(ctx context.Context, t kefu.ChannelType) ([]kefu.Inbox, error) {
	rows, err := s.reader().query(ctx, `SELECT `+inboxColumns+` FROM inboxes WHERE channel = ? ORDER BY id`, string(t))
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	var stored []*storedInbox
	for rows.Next() {
		in, err := scanInbox(rows)
		if err != nil {
			return nil, err
		}
		stored = append(stored, in)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	rows.Close()
	inboxes := make([]kefu.Inbox, 0, len(stored))
	for _, st := range stored {
		in, err := s.openInbox(ctx, st)
		if err != nil {
			return nil, err
		}
		inboxes = append(inboxes, *in)
	}
	return inboxes, nil
}

// GetInboxAnyOrg finds an inbox by id in whichever organisation holds it, secrets opened: for
// a platform's webhook, whose URL names the inbox and nothing else. Members are not loaded.
func (s *Store) GetInboxAnyOrg(ctx context.Context, id string) (*kefu.Inbox, error) {
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	in, err := scanInbox(s.reader().queryRow(ctx, `SELECT `+inboxColumns+` FROM inboxes WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	return s.openInbox(ctx, in)
}
