package wxcrypto_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The replay guard over the real nonce table, on SQLite always and PostgreSQL when
// KEFU_TEST_POSTGRES_URL is set: a retry of the same body passes, another body under the same
// nonce is refused, also when the second request reaches another process.
func TestReplayOverTheRealStore(t *testing.T) {
	for name, pair := range map[string]func(testing.TB) (*store.Store, *store.Store){
		"sqlite":   storetest.OpenSQLitePair,
		"postgres": storetest.OpenPostgresPair,
	} {
		t.Run(name, func(t *testing.T) {
			a, b := pair(t)
			inbox := newInbox(t, a)
			now := time.Now()
			ts := strconv.FormatInt(now.Unix(), 10)
			ra, rb := wxcrypto.Replay{Nonces: a}, wxcrypto.Replay{Nonces: b}
			ctx := context.Background()
			if err := ra.Check(ctx, inbox, ts, "1372623149", []byte("<xml>A</xml>")); err != nil {
				t.Fatal(err)
			}
			if err := rb.Check(ctx, inbox, ts, "1372623149", []byte("<xml>A</xml>")); err != nil {
				t.Fatalf("the platform's retry: %v", err)
			}
			if err := rb.Check(ctx, inbox, ts, "1372623149", []byte("<xml>B</xml>")); !errors.Is(err, wxcrypto.ErrReplay) {
				t.Fatalf("another body under the same nonce: %v", err)
			}
		})
	}
}

func newInbox(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	org := &kefu.Org{Name: "Acme", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner@example.com", Name: "Owner", Role: kefu.RoleOwner}
	if err := s.CreateOrgWithOwner(ctx, org, owner); err != nil {
		t.Fatal(err)
	}
	in := &kefu.Inbox{OrgID: org.ID, Name: "WeChat", Channel: kefu.ChannelWeb, WidgetKey: "wk-wechat"}
	if err := s.CreateInbox(ctx, in); err != nil {
		t.Fatal(err)
	}
	return in.ID
}
