package wxcrypto

import "bytes"

// padBlock is the platforms' PKCS#7 block: 32 bytes, the key's length, not AES's 16.
const padBlock = 32

// pad appends 1..32 bytes, each holding the count, so the length is a multiple of padBlock.
func pad(b []byte) []byte {
	n := padBlock - len(b)%padBlock
	return append(b, bytes.Repeat([]byte{byte(n)}, n)...)
}

// unpad removes the padding after checking it is 1..32 bytes, all equal to the count, and
// no longer than the plaintext.
func unpad(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, ErrPadding
	}
	n := int(b[len(b)-1])
	if n < 1 || n > padBlock || n > len(b) {
		return nil, ErrPadding
	}
	for _, v := range b[len(b)-n:] {
		if int(v) != n {
			return nil, ErrPadding
		}
	}
	return b[:len(b)-n], nil
}
