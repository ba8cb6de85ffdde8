package pii

import "testing"

// BenchmarkMaskChat scans and masks a typical customer message holding a phone number.
func BenchmarkMaskChat(b *testing.B) {
	msg := "你好，我上周下的订单还没有收到，订单号 2024061200123，麻烦帮我查一下，我的电话是 138-1234-5678，谢谢！"
	var sc *Scanner
	b.ReportAllocs()
	for b.Loop() {
		sc.Mask(msg)
	}
}

// BenchmarkScanNoDigits scans a message with nothing to find: the fast path.
func BenchmarkScanNoDigits(b *testing.B) {
	msg := "你好，请问你们的退货政策是什么？我想把上周买的外套换一个尺码，谢谢！Is that possible?"
	var sc *Scanner
	b.ReportAllocs()
	for b.Loop() {
		sc.Mask(msg)
	}
}
