package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

const oidcColumns = `id, name, issuer, client_id, client_secret, scopes, email_claim, role_claim, role_map,
	jit, default_role, allowed_domains, enabled, created_at, updated_at`

// SaveOIDCProvider creates or replaces an organisation's SSO provider. An empty ClientSecret
// keeps the stored one, so editing other fields never requires re-entering it.
func (s *Store) SaveOIDCProvider(ctx context.Context, p *kefu.OIDCProvider) error {
	c := *p
	now := s.now()
	c.UpdatedAt = now
	return s.write(ctx, func(t *Tx) error {
		old, err := getOIDCProvider(t.ctx, t.c.queryRow(t.ctx, `SELECT `+oidcColumns+` FROM oidc_providers WHERE id = ?`+t.c.d.forUpdate(), c.OrgID), s)
		switch {
		case kefu.IsNotFound(err):
			c.CreatedAt = now
		case err != nil:
			return err
		default:
			c.CreatedAt = old.CreatedAt
			if c.ClientSecret == "" {
				c.ClientSecret = old.ClientSecret
			}
		}
		return s.upsertOIDCProvider(t, &c, old != nil)
	})
}

func (s *Store) upsertOIDCProvider(t *Tx, c *kefu.OIDCProvider, exists bool) error {
	sealed, err := s.sealValue(t, oidcClientSecretColumn, c.OrgID, c.ClientSecret)
	if err != nil {
		return err
	}
	if exists {
		if _, err := t.exec(`DELETE FROM oidc_providers WHERE id = ?`, c.OrgID); err != nil {
			return dbError(err)
		}
	}
	_, err = t.exec(`INSERT INTO oidc_providers (`+oidcColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.OrgID, c.Name, c.Issuer, c.ClientID, sealed, jsonText(c.Scopes), c.EmailClaim, c.RoleClaim,
		jsonText(c.RoleMap), c.JIT, string(c.DefaultRole), jsonText(c.AllowedDomains), c.Enabled,
		micros(c.CreatedAt), micros(c.UpdatedAt))
	if isForeignKeyViolation(err) {
		return kefu.ErrNotFound
	}
	return dbError(err)
}

// GetOIDCProvider returns an organisation's SSO provider, secret opened; not found when none.
func (s *Store) GetOIDCProvider(ctx context.Context, orgID string) (*kefu.OIDCProvider, error) {
	return getOIDCProvider(ctx, s.reader().queryRow(ctx, `SELECT `+oidcColumns+` FROM oidc_providers WHERE id = ?`, orgID), s)
}

// ListOIDCProviders returns the enabled SSO providers of every organisation, for the sign-in
// page's buttons.
func (s *Store) ListOIDCProviders(ctx context.Context) ([]kefu.OIDCProvider, error) {
	rows, err := s.reader().query(ctx, `SELECT `+oidcColumns+` FROM oidc_providers WHERE enabled ORDER BY name, id`)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	out := []kefu.OIDCProvider{}
	for rows.Next() {
		p, err := getOIDCProvider(ctx, rows, s)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, dbError(rows.Err())
}

// DeleteOIDCProvider removes an organisation's SSO provider; removing none is not an error.
func (s *Store) DeleteOIDCProvider(ctx context.Context, orgID string) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.exec(`DELETE FROM oidc_providers WHERE id = ?`, orgID)
		return dbError(err)
	})
}

// getOIDCProvider scans oidcColumns and opens the client secret.
func getOIDCProvider(ctx context.Context, row scanner, s *Store) (*kefu.OIDCProvider, error) {
	var (
		p                          kefu.OIDCProvider
		sealed, scopes, rm, domain string
		created, updated           int64
	)
	err := row.Scan(&p.OrgID, &p.Name, &p.Issuer, &p.ClientID, &sealed, &scopes, &p.EmailClaim, &p.RoleClaim, &rm,
		&p.JIT, &p.DefaultRole, &domain, &p.Enabled, &created, &updated)
	if err != nil {
		return nil, dbError(err)
	}
	if p.ClientSecret, err = s.openValue(ctx, oidcClientSecretColumn, p.OrgID, sealed); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		src string
		dst any
	}{{scopes, &p.Scopes}, {rm, &p.RoleMap}, {domain, &p.AllowedDomains}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return nil, kefu.Internal(fmt.Errorf("decode oidc provider: %w", err))
		}
	}
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &p, nil
}
