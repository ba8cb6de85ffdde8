package store

// Credential secrets (TOTP keys, SSO client secrets) pass through sealCredential on the way in
// and openCredential on the way out, and nowhere else: the one place where encryption at rest
// plugs in. Until the keyring exists they are stored as given.

// sealCredential returns the stored form of a credential secret.
func (s *Store) sealCredential(plain string) (string, error) { return plain, nil }

// openCredential returns the secret whose stored form is sealed.
func (s *Store) openCredential(sealed string) (string, error) { return sealed, nil }
