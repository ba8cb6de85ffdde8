package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The bot's per-conversation memory, written inside the transaction that changes the
// conversation (kefu.BotTx, with the events of bot_events.go), so a turn's reply, state and
// counts commit together.

const botSessionColumns = `org_id, conversation_id, inbox_id, low_run, turns, handoff_reason, handoff_emotion,
	handoff_question, guesses, handed_off_at, created_at, updated_at`

func scanBotSession(row scanner) (*kefu.BotSession, error) {
	var (
		s                kefu.BotSession
		guesses          string
		handed           sql.NullInt64
		created, updated int64
	)
	err := row.Scan(&s.OrgID, &s.ConversationID, &s.InboxID, &s.LowRun, &s.Turns, &s.Reason, &s.Emotion,
		&s.Question, &guesses, &handed, &created, &updated)
	if err != nil {
		return nil, dbError(err)
	}
	if err := decodeList(guesses, &s.Guesses); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode bot guesses: %w", err))
	}
	s.HandedOffAt, s.CreatedAt, s.UpdatedAt = fromNullMicros(handed), fromMicros(created), fromMicros(updated)
	return &s, nil
}

// BotSession returns the bot session of the conversation the change is about; nil when none.
func (t *Tx) BotSession() (*kefu.BotSession, error) {
	s, err := scanBotSession(t.c.queryRow(t.ctx, `SELECT `+botSessionColumns+` FROM bot_sessions
		WHERE org_id = ? AND conversation_id = ?`, t.org, t.conv))
	if errors.Is(err, kefu.ErrNotFound) {
		return nil, nil
	}
	return s, err
}

// SaveBotSession inserts or replaces the bot session of the conversation the change is about.
func (t *Tx) SaveBotSession(s *kefu.BotSession) error {
	s.OrgID, s.ConversationID, s.UpdatedAt = t.org, t.conv, t.now
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.now
	}
	_, err := t.exec(`INSERT INTO bot_sessions (`+botSessionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, conversation_id) DO UPDATE SET low_run = excluded.low_run, turns = excluded.turns,
			handoff_reason = excluded.handoff_reason, handoff_emotion = excluded.handoff_emotion,
			handoff_question = excluded.handoff_question, guesses = excluded.guesses,
			handed_off_at = excluded.handed_off_at, updated_at = excluded.updated_at`,
		s.OrgID, s.ConversationID, s.InboxID, s.LowRun, s.Turns, s.Reason, s.Emotion, s.Question,
		jsonText(orEmpty(s.Guesses)), nullMicros(s.HandedOffAt), micros(s.CreatedAt), micros(s.UpdatedAt))
	return dbError(err)
}

// GetBotSession returns a conversation's bot session; not found when the bot never had it.
func (s *Store) GetBotSession(ctx context.Context, orgID, convID string) (*kefu.BotSession, error) {
	return scanBotSession(s.reader().queryRow(ctx, `SELECT `+botSessionColumns+` FROM bot_sessions
		WHERE org_id = ? AND conversation_id = ?`, orgID, convID))
}

// GetMessageByClientID returns the conversation's message with the client message id.
func (s *Store) GetMessageByClientID(ctx context.Context, orgID, convID, clientID string) (*kefu.Message, error) {
	return scanMessage(s.reader().queryRow(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE org_id = ? AND conversation_id = ? AND client_msg_id = ?`, orgID, convID, clientID))
}
