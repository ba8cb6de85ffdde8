package jsonenc

import "sync"

// scratch holds buffers to encode into. Encoding into a fresh slice grows it two or three times
// on the way to a frame's size (each growth an allocation the GC then has to collect); encoding
// into a reused buffer and copying the result allocates once, exactly.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// maxPooled keeps the rare huge encoding (a 16 KiB message full of escapes) from pinning its
// buffer in the pool.
const maxPooled = 64 << 10

// Encode returns what enc appends to an empty buffer, in a slice of its own of exactly that
// size.
func Encode(enc func([]byte) []byte) []byte {
	p := scratch.Get().(*[]byte)
	b := enc((*p)[:0])
	out := make([]byte, len(b))
	copy(out, b)
	release(p, b)
	return out
}

// EncodeString is Encode for a string.
func EncodeString(enc func([]byte) []byte) string {
	p := scratch.Get().(*[]byte)
	b := enc((*p)[:0])
	out := string(b)
	release(p, b)
	return out
}

func release(p *[]byte, b []byte) {
	if cap(b) <= maxPooled {
		*p = b[:0]
		scratch.Put(p)
	}
}
