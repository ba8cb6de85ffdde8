package store

import (
	"context"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/keyring"
)

// Sealer encrypts column values: the keyring, which cmd/kefu sets once it has loaded the keys.
// Values are sealed under the data key the database marks current, read inside the writing
// transaction, so a write never uses a key that a rotation running in another process has
// already replaced (see currentDataKey).
type Sealer interface {
	Seal(ctx context.Context, keyID string, ad, plaintext []byte) (string, error)
	Open(ctx context.Context, ad []byte, sealed string) ([]byte, error)
}

// sealedColumn is a text column whose values are stored sealed, bound to their row: a sealed
// value copied to another row, column or table does not open. Every such table has a text
// primary key of one column, named in id (most tables call it "id"). To encrypt another column,
// add it to sealedColumns, write it with sealValue and read it with openValue: key rotation, the
// migration of plaintext rows on start and the retirement of old keys then cover it.
type sealedColumn struct{ table, column, id string }

// The sealed columns.
var (
	inboxIdentitySecret = sealedColumn{"inboxes", "identity_secret", "id"}
	inboxChannelSecrets = sealedColumn{"inboxes", "channel_secrets", "id"}
	webhookSecretColumn = sealedColumn{"webhooks", "secret", "id"}
)

// sealedColumns lists every sealed column, for rotation and retirement.
func sealedColumns() []sealedColumn {
	return []sealedColumn{inboxIdentitySecret, inboxChannelSecrets, totpSecretColumn, oidcClientSecretColumn,
		webhookSecretColumn, platformTokenColumn, botLLMKeyColumn}
}

// ad is the associated data a value of row rowID is sealed with.
func (c sealedColumn) ad(rowID string) []byte {
	return []byte(c.table + "\x00" + c.column + "\x00" + rowID)
}

// SetSealer sets the sealer; until it is set, writing or reading a sealed value fails.
func (s *Store) SetSealer(x Sealer) { s.sealer.Store(&x) }

// theSealer returns the sealer or an error saying it is missing.
func (s *Store) theSealer() (Sealer, error) {
	x := s.sealer.Load()
	if x == nil {
		return nil, kefu.Internal(fmt.Errorf("store: a sealed column was used before the keyring was loaded"))
	}
	return *x, nil
}

// sealValue seals plaintext for column c of row rowID inside t, under the current data key.
// The empty string stays empty: it means "none".
func (s *Store) sealValue(t *Tx, c sealedColumn, rowID, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	x, err := s.theSealer()
	if err != nil {
		return "", err
	}
	keyID, err := t.currentDataKey()
	if err != nil {
		return "", err
	}
	v, err := x.Seal(t.ctx, keyID, c.ad(rowID), []byte(plaintext))
	if err != nil {
		return "", kefu.Internal(err)
	}
	return v, nil
}

// openValue returns the plaintext of column c's value v in row rowID. A value without the
// sealed prefix is plaintext left by a kefu before encryption, which MigrateSealed reseals on
// start; until then it is returned as it is.
func (s *Store) openValue(ctx context.Context, c sealedColumn, rowID, v string) (string, error) {
	if v == "" || !keyring.IsSealed(v) {
		return v, nil
	}
	x, err := s.theSealer()
	if err != nil {
		return "", err
	}
	b, err := x.Open(ctx, c.ad(rowID), v)
	if err != nil {
		return "", kefu.Internal(fmt.Errorf("open %s.%s of %s: %w", c.table, c.column, rowID, err))
	}
	return string(b), nil
}

// currentDataKey reads the current data key's id. On PostgreSQL it holds a share lock on that
// key's row until commit, so a rotation's switch to a new key (which updates the row) waits for
// this write, and the rotation's reseal, which starts after the switch, sees what it wrote.
// SQLite has one writer at a time across processes, which gives the same order.
func (t *Tx) currentDataKey() (string, error) {
	var id string
	err := t.c.queryRow(t.ctx, `SELECT id FROM data_keys WHERE is_current`+t.c.d.forShare()).Scan(&id)
	if err != nil {
		return "", kefu.Internal(fmt.Errorf("current data key: %w", dbError(err)))
	}
	return id, nil
}
