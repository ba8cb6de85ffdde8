package store_test

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// BenchmarkListConversations reads the first page of the agents' list (30 rows, newest
// activity first) out of 300 conversations of 20 messages each, the last an activity event,
// so the preview lookup has to step back over it.
func BenchmarkListConversations(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		orgID, convs := benchConversations(b, s, 300)
		ctx := context.Background()
		for _, id := range convs {
			for i := range 20 {
				m := &kefu.Message{OrgID: orgID, ConversationID: id, SenderType: kefu.SenderContact, Content: "hello, I have a question about my order"}
				if i == 19 {
					m.SenderType, m.Kind, m.Content = kefu.SenderSystem, kefu.KindEvent, "assigned"
				}
				if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		f := kefu.ConversationFilter{Statuses: []kefu.Status{kefu.StatusOpen}, Limit: 30}
		for b.Loop() {
			if page, _, err := s.ListConversations(ctx, orgID, f); err != nil || len(page) != 30 {
				b.Fatalf("got %d rows, %v; want 30", len(page), err)
			}
		}
	})
}
