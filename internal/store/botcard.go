package store

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// A bot message's card is stored as JSON in messages.bot; every other message has NULL there,
// so the column costs the message path one NULL parameter.

// botCardText is the bot column's value for card: NULL when there is none.
func botCardText(card *kefu.BotCard) any {
	if p := botCardArray(card); p != nil {
		return *p
	}
	return nil
}

// botCardArray is botCardText as an element of an unnest array.
func botCardArray(card *kefu.BotCard) *string {
	if card == nil {
		return nil
	}
	text := jsonText(card)
	return &text
}

// decodeBotCard reads the bot column back.
func decodeBotCard(v sql.NullString) (*kefu.BotCard, error) {
	if !v.Valid || v.String == "" {
		return nil, nil
	}
	var card kefu.BotCard
	if err := json.Unmarshal([]byte(v.String), &card); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode a bot card: %w", err))
	}
	return &card, nil
}

// botTurnAttempts bounds a bot turn's runs (a database or knowledge-base failure; a language
// model's failure falls back to the articles and does not fail the turn). A turn that still
// fails is dead in the job list, and the customer's message waits for a person who takes the
// conversation from the bot's list.
const botTurnAttempts = 5

// queueBotTurn inserts the bot's turn for a customer's message in a conversation the bot holds
// (kefu.BotJobKind, Ref the message id), in the message's own transaction: the bot answers
// every message it was given, crash or not, and once. Every other message returns after two
// comparisons.
func (t *Tx) queueBotTurn(m *kefu.Message, c *kefu.Conversation) error {
	if c.BotState != kefu.BotActive || m.SenderType != kefu.SenderContact || m.Kind.Private() {
		return nil
	}
	j := kefu.Job{OrgID: m.OrgID, Kind: kefu.BotJobKind, Ref: m.ID, Payload: []byte(`{}`), MaxAttempts: botTurnAttempts}
	return insertJob(t, &j)
}
