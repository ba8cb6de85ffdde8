package kb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kb"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// BenchmarkSearch10k measures a search of an organisation with 10,000 published articles on
// SQLite: the version read plus the in-process index (the steady state), and reports once how
// long a rebuild after a change takes (the cost every process pays on its next search).
func BenchmarkSearch10k(b *testing.B) {
	ctx := context.Background()
	st := storetest.OpenSQLite(b)
	svc := kb.New(kb.Options{Store: st})
	owner := newOrgB(b, st)
	fill(b, st, owner.OrgID, 10_000)
	start := time.Now()
	if _, err := svc.Search(ctx, owner, "退款", "", 5); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	queries := []string{"退款多久到账", "物流 查询", "invoice please", "怎么开发票", "where is my order 42"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := svc.Search(ctx, owner, queries[i%len(queries)], "", 5); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(build.Milliseconds()), "build-ms")
}

// fill stores n published articles, several writers at once so group commit batches them.
func fill(b *testing.B, st interface {
	PutArticle(context.Context, *kefu.Article) (bool, error)
}, orgID string, n int) {
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 16 {
				a := &kefu.Article{OrgID: orgID, ID: fmt.Sprintf("a-%d", i), Title: fmt.Sprintf("第%d号商品退款与物流问题 item %d refund", i, i),
					Body: fmt.Sprintf("订单 %d 的退款、发票和物流说明。Order %d: invoices, shipping and returns.", i, i), Locale: "zh-CN",
					Status: kefu.ArticlePublished, Questions: []string{fmt.Sprintf("商品%d怎么退", i), fmt.Sprintf("where is order %d", i)}}
				if _, err := st.PutArticle(context.Background(), a); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
