package store_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// A platform token is stored sealed: the column holds neither the token nor anything that
// opens under another key (a row's sealed token copied to another account's row does not read).
func TestPlatformTokenSealedAtRest(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openWith(t, url, store.Options{})
		storetest.UseKeyring(t, s)
		expires := time.Now().Add(time.Hour)
		mustDo(t, s.SavePlatformToken(ctx, "wechat:wxA", "PLAINTEXT_ACCESS_TOKEN", expires))
		mustDo(t, s.SavePlatformToken(ctx, "wechat:wxB", "OTHER_TOKEN", expires))
		raw, err := s.RawPlatformToken(ctx, "wechat:wxA")
		if err != nil || strings.Contains(raw, "PLAINTEXT_ACCESS_TOKEN") || !strings.HasPrefix(raw, "v1:") {
			t.Fatalf("token stored as %q (%v): want a v1: sealed value without the token", raw, err)
		}
		mustDo(t, s.SetRawPlatformToken(ctx, "wechat:wxB", raw))
		if got, err := s.PlatformToken(ctx, "wechat:wxB"); err == nil {
			t.Errorf("a sealed token moved to another key read back as %q; want an error", got.Token)
		}
	})
}

// A staged message id is remembered for 7 days: pulled again within them it is not staged
// again; after them its record is pruned by the next staging of the inbox, so the table stays
// bounded.
func TestStagedSeenPrunedAfterAWeek(t *testing.T) {
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		var now atomic.Pointer[time.Time]
		t0 := time.Now()
		now.Store(&t0)
		s := openWith(t, url, store.Options{Now: func() time.Time { return *now.Load() }})
		orgID, inboxID := stagingInbox(t, s)
		stageOnce := func(id string, want int) {
			t.Helper()
			page := []kefu.StagedInbound{{MsgID: id, Payload: []byte("p")}}
			n, _, err := s.StageInbound(ctx, orgID, inboxID, page, "", "", "", "")
			if err != nil || n != want {
				t.Errorf("stage %s at +%v = %d, %v; want %d", id, now.Load().Sub(t0), n, err, want)
			}
		}
		stageOnce("old", 1)
		drainStaged(t, s, inboxID)
		later := t0.Add(6 * 24 * time.Hour)
		now.Store(&later)
		stageOnce("old", 0) // within the week: remembered
		afterWeek := t0.Add(7*24*time.Hour + time.Minute)
		now.Store(&afterWeek)
		stageOnce("new", 1) // prunes old's record first
		stageOnce("old", 1)
	})
}

// stagingInbox creates an organisation with an inbox and returns their ids.
func stagingInbox(t *testing.T, s *store.Store) (orgID, inboxID string) {
	t.Helper()
	ctx := context.Background()
	org := &kefu.Org{Name: "Staging", Settings: kefu.DefaultOrgSettings()}
	mustDo(t, s.CreateOrgWithOwner(ctx, org, &kefu.Agent{Email: "owner@staging.example", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}))
	in := &kefu.Inbox{OrgID: org.ID, Name: "WeCom", Channel: kefu.ChannelWeb, WidgetKey: "wk-staging"}
	mustDo(t, s.CreateInbox(ctx, in))
	return org.ID, in.ID
}

// drainStaged deletes every staged row of the inbox, as the receiver does after receiving.
func drainStaged(t *testing.T, s *store.Store, inboxID string) {
	t.Helper()
	rows, err := s.StagedInbound(context.Background(), inboxID, 100)
	mustDo(t, err)
	for _, r := range rows {
		mustDo(t, s.DeleteStagedInbound(context.Background(), inboxID, r.Seq))
	}
}
