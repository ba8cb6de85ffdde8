package privacy_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/blob"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/privacy"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The real store must keep satisfying what the service declares it needs.
var _ privacy.Store = (*store.Store)(nil)

func unique(prefix string) string { return prefix + "-" + strings.ToLower(rand.Text()[:12]) }

// eachStore runs fn against SQLite always and PostgreSQL when KEFU_TEST_POSTGRES_URL is set.
func eachStore(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storetest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.OpenPostgres(t)) })
}

// TestRetentionRunIsBounded checks that one run takes at most the budget of conversations per
// inbox, and that the next runs finish the job, oldest first, leaving the recent one.
func TestRetentionRunIsBounded(t *testing.T) {
	eachStore(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := &kefu.Org{Name: unique("org"), Settings: kefu.DefaultOrgSettings()}
		owner := &kefu.Agent{Email: unique("owner") + "@example.com", Name: "Owner", Role: kefu.RoleOwner}
		kefutest.Must(t, st.CreateOrgWithOwner(ctx, org, owner))
		inbox := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
		kefutest.Must(t, st.CreateInbox(ctx, inbox))
		now := time.Now()
		var ids []string
		for i := range 6 {
			c := &kefu.Contact{OrgID: org.ID, Name: unique("c")}
			kefutest.Must(t, st.CreateContact(ctx, c))
			age := time.Duration(100-i) * 24 * time.Hour // i = 5 is the youngest, 95 days
			if i == 5 {
				age = time.Hour
			}
			conv, err := st.CreateConversation(ctx, &kefu.Conversation{OrgID: org.ID, InboxID: inbox.ID, ContactID: c.ID, LastActivityAt: now.Add(-age)})
			kefutest.Must(t, err)
			ids = append(ids, conv.ID)
		}
		kefutest.Must(t, st.SetInboxRetention(ctx, org.ID, inbox.ID, kefu.RetentionPolicy{Mode: kefu.RetentionDelete, Days: 30}))
		svc := newService(t, st, 2)

		for run, want := range []int{2, 2, 1, 0} {
			runs, err := svc.RunRetention(ctx, now)
			kefutest.Must(t, err)
			got := 0
			for _, r := range runs {
				got += r.Conversations
			}
			if got != want {
				t.Fatalf("run %d took %d conversations, want %d", run+1, got, want)
			}
		}
		for i, id := range ids {
			_, err := st.GetConversation(ctx, org.ID, id)
			if gone := kefu.IsNotFound(err); gone != (i < 5) {
				t.Errorf("conversation %d: gone = %v (err %v), want only the five old ones gone", i, gone, err)
			}
		}
	})
}

func newService(t *testing.T, st *store.Store, budget int) *privacy.Service {
	t.Helper()
	au, err := audit.New(audit.Options{Store: st})
	kefutest.Must(t, err)
	blobs, err := blob.NewDisk(t.TempDir())
	kefutest.Must(t, err)
	svc, err := privacy.New(privacy.Options{Store: st, Blobs: blobs, Auditor: au, RetentionBudget: budget})
	kefutest.Must(t, err)
	return svc
}
