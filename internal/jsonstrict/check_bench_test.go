package jsonstrict

import "testing"

// BenchmarkCheckSendFrame measures Check on the frame of the realtime package's
// BenchmarkDecodeSendFrame: what running it on every WebSocket frame would add to the decoder,
// which instead enforces the same rules in its own pass (see the package comment).
func BenchmarkCheckSendFrame(b *testing.B) {
	data := []byte(`{"type":"send","ref":"c1","conversation_id":"0193a6f0-0000-7000-8000-000000000001","client_msg_id":"9f1c6a1e-2b7d-4c1e-9a55-0d6f1e2b3c4d","content":"你好，我想问一下订单 12345 什么时候发货？"}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Check(data); err != nil {
			b.Fatal(err)
		}
	}
}
