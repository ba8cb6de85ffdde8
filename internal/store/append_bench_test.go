package store_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// benchConversations creates an organisation with n conversations to append to.
func benchConversations(b testing.TB, s *store.Store, n int) (orgID string, convs []string) {
	b.Helper()
	ctx := context.Background()
	org := &kefu.Org{Name: "bench", Settings: kefu.DefaultOrgSettings()}
	owner := &kefu.Agent{Email: "owner-" + rand.Text()[:8] + "@example.com", Name: "Owner", Role: kefu.RoleOwner}
	if err := s.CreateOrgWithOwner(ctx, org, owner); err != nil {
		b.Fatal(err)
	}
	inbox := &kefu.Inbox{OrgID: org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: "wk-" + rand.Text()[:12]}
	if err := s.CreateInbox(ctx, inbox); err != nil {
		b.Fatal(err)
	}
	for range n {
		c := &kefu.Contact{OrgID: org.ID, Name: "Visitor"}
		if err := s.CreateContact(ctx, c); err != nil {
			b.Fatal(err)
		}
		conv, err := s.CreateConversation(ctx, &kefu.Conversation{OrgID: org.ID, InboxID: inbox.ID, ContactID: c.ID})
		if err != nil {
			b.Fatal(err)
		}
		convs = append(convs, conv.ID)
	}
	return org.ID, convs
}

// benchStores runs f against SQLite and, when KEFU_TEST_POSTGRES_URL is set, PostgreSQL.
func benchStores(b *testing.B, f func(b *testing.B, s *store.Store)) {
	b.Run("sqlite", func(b *testing.B) { f(b, storetest.OpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { f(b, storetest.OpenPostgres(b)) })
}

// BenchmarkAppendMessage is one caller appending at a time: every append is its own
// transaction and fsync, the latency floor of a send.
func BenchmarkAppendMessage(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		orgID, convs := benchConversations(b, s, 1)
		ctx := context.Background()
		for b.Loop() {
			m := &kefu.Message{OrgID: orgID, ConversationID: convs[0], SenderType: kefu.SenderContact, Content: "hello"}
			if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAppendMessageConcurrent is many senders at once, as under load: group commit
// shares one transaction (and fsync) between concurrent appends. ops/batch says how many.
func BenchmarkAppendMessageConcurrent(b *testing.B) {
	benchAppendConcurrent(b, false)
}

// BenchmarkAppendMessageConcurrentClientID is the same with a client message id on every
// message, as the widget and the API send them: each append also checks for a retry.
func BenchmarkAppendMessageConcurrentClientID(b *testing.B) {
	benchAppendConcurrent(b, true)
}

func benchAppendConcurrent(b *testing.B, clientIDs bool) {
	for _, senders := range []int{16, 128, 512} {
		b.Run(fmt.Sprintf("senders=%d", senders), func(b *testing.B) {
			benchStores(b, func(b *testing.B, s *store.Store) {
				orgID, convs := benchConversations(b, s, 64)
				ctx := context.Background()
				var next, sent atomic.Int64
				batches0, ops0 := s.WriterStats()
				b.SetParallelism((senders + 1) / 2) // RunParallel starts parallelism × GOMAXPROCS goroutines
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					conv := convs[int(next.Add(1))%len(convs)]
					for pb.Next() {
						m := &kefu.Message{OrgID: orgID, ConversationID: conv, SenderType: kefu.SenderContact, Content: "hello"}
						if clientIDs {
							m.ClientMsgID = fmt.Sprint("c-", sent.Add(1))
						}
						if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
							b.Error(err)
							return
						}
					}
				})
				batches, ops := s.WriterStats()
				if n := batches - batches0; n > 0 {
					b.ReportMetric(float64(ops-ops0)/float64(n), "ops/batch")
				}
			})
		})
	}
}

// BenchmarkListLastMessages is the history fetch: the newest 50 of a 2,000-message conversation.
func BenchmarkListLastMessages(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		orgID, convs := benchConversations(b, s, 1)
		ctx := context.Background()
		for i := range 2000 {
			m := &kefu.Message{OrgID: orgID, ConversationID: convs[0], SenderType: kefu.SenderContact, Content: fmt.Sprint("message ", i)}
			if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for b.Loop() {
			ms, err := s.ListMessages(ctx, orgID, convs[0], kefu.MessageQuery{Limit: 50})
			if err != nil || len(ms) != 50 {
				b.Fatalf("got %d messages, err %v; want 50", len(ms), err)
			}
		}
	})
}
