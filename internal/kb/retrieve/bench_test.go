package retrieve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// generated builds n articles from a fixed vocabulary of Chinese bigrams and English words,
// drawn with a skew so that some terms are common, as in real knowledge bases.
func generated(n int) *Index {
	r := rand.New(rand.NewPCG(1, 2))
	zh := strings.Split("退货 退款 发票 物流 快递 订单 地址 修改 取消 支付 优惠 会员 积分 账号 密码 登录 课程 老师 上课 时间 价格 运费 包装 破损 换货 保价 茶叶 泡法 储存 礼盒", " ")
	en := strings.Split("return refund invoice shipping delivery order address change cancel payment coupon member points account password login course teacher class schedule price fee package damaged exchange tea brew storage gift", " ")
	pick := func(words []string, k int) string {
		var b []string
		for range k {
			b = append(b, words[int(r.ExpFloat64()*6)%len(words)])
		}
		return strings.Join(b, " ")
	}
	ix := New()
	for i := range n {
		words, loc := zh, "zh-CN"
		if i%2 == 1 {
			words, loc = en, "en"
		}
		ix.Upsert(Doc{ID: fmt.Sprint(i), Locale: loc, Title: pick(words, 4) + fmt.Sprint(i),
			Body: pick(words, 60), Questions: []string{pick(words, 5), pick(words, 6), pick(words, 5)}})
	}
	return ix
}

var benchQueries = []string{"怎么退货", "退款多久到账啊", "我的快递到哪里了 物流不动", "发票抬头写错了能改吗",
	"where is my refund", "how do i change my delivery address", "pasword reset", "cancel order pls"}

// BenchmarkSearch10k measures Search over 10,000 articles and reports its p99.
func BenchmarkSearch10k(b *testing.B) {
	ix := generated(10000)
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		ix.Search(benchQueries[i%len(benchQueries)], "", 10)
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
