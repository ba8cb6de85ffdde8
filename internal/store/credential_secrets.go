package store

import "context"

// Credential secrets (TOTP keys, SSO client secrets) are written only through sealCredential
// and read only through openCredential: the one place where encryption at rest plugs in. The
// signatures are those of the keyring's sealed columns (a column, the row's id, inside the
// writing transaction), so adopting it means listing these columns there and renaming the two
// calls. Until then the values are stored as given.

// credentialColumn is a text column holding a credential secret; its table's key is named id.
type credentialColumn struct{ table, column string }

// The credential columns.
var (
	totpSecretColumn       = credentialColumn{"agent_totp", "secret"}
	oidcClientSecretColumn = credentialColumn{"oidc_providers", "client_secret"}
)

// sealCredential returns the stored form of plaintext for column c of row rowID, inside t.
func (s *Store) sealCredential(_ *Tx, _ credentialColumn, _, plaintext string) (string, error) {
	return plaintext, nil
}

// openCredential returns the plaintext of column c's stored value v in row rowID.
func (s *Store) openCredential(_ context.Context, _ credentialColumn, _, v string) (string, error) {
	return v, nil
}
