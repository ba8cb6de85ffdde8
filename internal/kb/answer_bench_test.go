package kb_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/bot"
	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kb/retrieve"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// BenchmarkAnswer10k measures what the bot does for one customer message before it writes its
// reply, with 10,000 published articles: the knowledge base's version read (the database),
// retrieval in the process, and the decision. It reports the p50 and p99 of single answers
// (the target: p99 ≤ 20 ms) on SQLite and, with KEFU_TEST_POSTGRES_URL, PostgreSQL.
func BenchmarkAnswer10k(b *testing.B) {
	dbs := map[string]func(testing.TB) *store.Store{"sqlite": func(t testing.TB) *store.Store { return storetest.OpenSQLite(t) }}
	if os.Getenv("KEFU_TEST_POSTGRES_URL") != "" {
		dbs["postgres"] = func(t testing.TB) *store.Store { return storetest.OpenPostgres(t) }
	}
	for name, open := range dbs {
		b.Run(name, func(b *testing.B) { benchAnswer(b, open(b)) })
	}
}

func benchAnswer(b *testing.B, st *store.Store) {
	ctx := context.Background()
	svc := kb.New(kb.Options{Store: st})
	owner := newOrgB(b, st)
	fill(b, st, owner.OrgID, 10_000)
	if _, err := svc.BotSearch(ctx, owner.OrgID, "退款", "zh-CN", 10); err != nil { // builds the index
		b.Fatal(err)
	}
	queries := []string{"退款多久到账", "物流 查询", "invoice please", "怎么开发票", "where is my order 42", "商品42怎么退", "转人工"}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		q := queries[i%len(queries)]
		res, err := svc.BotSearch(ctx, owner.OrgID, q, "", 10)
		if err != nil {
			b.Fatal(err)
		}
		bot.Decide(q, hits(res), bot.State{}, bot.Config{})
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

func hits(res []kb.Result) []retrieve.Hit {
	out := make([]retrieve.Hit, len(res))
	for i, r := range res {
		out[i] = r.Hit
	}
	return out
}
