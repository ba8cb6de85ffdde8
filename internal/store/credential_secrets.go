package store

// Credential secrets are sealed columns (see sealed.go): the TOTP key of an agent's two-factor
// sign-in and an organisation's SSO client secret. Both tables are keyed by a column named id
// (the agent's id, the organisation's id), which the sealed value is bound to.
var (
	totpSecretColumn       = sealedColumn{"agent_totp", "secret", "id"}
	oidcClientSecretColumn = sealedColumn{"oidc_providers", "client_secret", "id"}
)
