package main

import (
	"bytes"
	"context"
	"database/sql"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// mainBeforeEncryption is the last migration of the kefu that stored identity secrets in
// plaintext.
const mainBeforeEncryption = 4

// mustPlaintextDatabase builds the database cfg names as the kefu before encryption left it:
// migrated to its last version, with an inbox whose identity secret is stored in plaintext.
// It returns the inbox's widget key.
func mustPlaintextDatabase(t *testing.T, cfg storeConfig, secret string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{URL: cfg.url})
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = st.Run(context.Background()) }()
	defer st.Close()
	if err := st.MigrateTo(ctx, mainBeforeEncryption); err != nil {
		t.Fatal(err)
	}
	org := &kefu.Org{Name: "Before", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@before.example", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	if err := st.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}
	in := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: "wk_before_encryption"}
	if err := st.CreateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(cfg.driver, cfg.url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(cfg.rebind(`UPDATE inboxes SET identity_secret = ? WHERE id = ?`), secret, in.ID); err != nil {
		t.Fatal(err)
	}
	return in.WidgetKey
}

// storeConfig is how a test reaches the database directly.
type storeConfig struct{ driver, url string }

// rebind writes q's placeholders as the driver wants them.
func (c storeConfig) rebind(q string) string { return sqlx.Rebind(sqlx.BindType(c.driver), q) }

// TestUpgradeSealsPlaintextSecrets starts the server on a database the kefu before encryption
// wrote: the plaintext identity secret is sealed on start (and again finds nothing to do on the
// next start), visitors signed with it keep verifying, and on SQLite the plaintext is gone from
// the files, freed pages and write-ahead log included.
func TestUpgradeSealsPlaintextSecrets(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := testConfig(t, db)
		sc := storeConfig{driver: "sqlite", url: cfg.StoreURL()}
		if cfg.DatabaseURL != "" {
			sc.driver = "pgx"
		}
		const secret = "0123456789abcdef0123456789abcdef-plaintext-before-encryption"
		widgetKey := mustPlaintextDatabase(t, sc, secret)
		for range 2 {
			m, err := startMain(t, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if v, err := identified(m.Addr(), widgetKey, "u-1", hmacHex(secret, "u-1")); !v || err != nil {
				t.Errorf("visitor signed with the secret from before the upgrade: verified %v, %v", v, err)
			}
			if n, err := m.store.CountStale(context.Background()); err != nil || n != 0 {
				t.Errorf("values left unsealed after start: %d, %v", n, err)
			}
			if db.name == "sqlite" && bytes.Contains(readDBFiles(t, cfg.DataDir), []byte(secret)) {
				t.Error("the plaintext secret is still in the SQLite files after the upgrade")
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
