package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/store"
)

// BenchmarkBotEventCounts counts a quarter of a busy bot's events for the metrics page: 200,000
// events (about 2,200 a day over 5 inboxes, eight kinds and four hand-off reasons) grouped into
// 92 days.
func BenchmarkBotEventCounts(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		const events, days = 200_000, 92
		orgID, _ := benchConversations(b, s, 0)
		ctx := context.Background()
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
		// One statement seeds them: the same recursive CTE on both databases.
		err := s.ExecRaw(ctx, `INSERT INTO bot_events (id, org_id, inbox_id, conversation_id, message_id, kind, reason, created_at)
			WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			SELECT 'e' || i, ?, 'inbox-' || (i % 5), 'c' || i, 'm',
				CASE i % 8 WHEN 0 THEN 'started' WHEN 1 THEN 'answered' WHEN 2 THEN 'suggested' WHEN 3 THEN 'unanswered'
					WHEN 4 THEN 'handoff' WHEN 5 THEN 'helpful' WHEN 6 THEN 'not_helpful' ELSE 'resolved' END,
				CASE WHEN i % 8 = 4 THEN 'r' || (i % 4) ELSE '' END,
				? + (i % ?) * 86400000000 + (i % 86400) * CAST(1000000 AS BIGINT)
			FROM n`, events-1, orgID, start.UnixMicro(), days)
		if err != nil {
			b.Fatal(err)
		}
		bounds := make([]time.Time, days+1)
		for i := range bounds {
			bounds[i] = start.AddDate(0, 0, i)
		}
		for b.Loop() {
			counts, err := s.BotEventCounts(ctx, orgID, "", bounds)
			if err != nil || len(counts) == 0 {
				b.Fatalf("%d counts, %v", len(counts), err)
			}
		}
	})
}
