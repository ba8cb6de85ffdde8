package wxcrypto

import (
	"bytes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

const (
	testKey      = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testReceiver = "wxb11529c136998cb6"
)

func TestOpenRefusesAWrongSignatureBeforeDecrypting(t *testing.T) {
	c := mustCodec(t, testKey, testReceiver)
	enc, sig, err := c.Seal("tok", []byte("<xml/>"), "1409304348", "n1")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Repeat("0", len(sig))
	if _, err := c.Open("tok", bad, "1409304348", "n1", enc); !errors.Is(err, ErrSignature) {
		t.Fatalf("wrong signature: %v", err)
	}
	if _, err := c.Open("other-token", sig, "1409304348", "n1", enc); !errors.Is(err, ErrSignature) {
		t.Fatalf("wrong token: %v", err)
	}
	// A signed garbage ciphertext is refused as a signature error, not a decryption error:
	// the signature is checked first.
	if _, err := c.Open("tok", sig, "1409304348", "n1", "AAAA"); !errors.Is(err, ErrSignature) {
		t.Fatalf("unsigned ciphertext: %v", err)
	}
}

func TestVerifySignatureSortsItsParts(t *testing.T) {
	sig := Signature("tok", "1409304348", "n1")
	if err := VerifySignature(sig, "n1", "tok", "1409304348"); err != nil {
		t.Fatalf("same parts in another order: %v", err)
	}
	if err := VerifySignature(sig, "tok", "1409304348", "n2"); !errors.Is(err, ErrSignature) {
		t.Fatalf("another nonce: %v", err)
	}
	if err := VerifySignature(strings.ToUpper(sig), "tok", "1409304348", "n1"); !errors.Is(err, ErrSignature) {
		t.Fatalf("the platforms send lower-case hex: %v", err)
	}
}

func TestDecryptRefusesAnotherReceiver(t *testing.T) {
	var s oaSample
	load(t, "oa_encrypt_sample.json", &s)
	c := mustCodec(t, s.Key, "wx0000000000000000")
	if _, err := c.Decrypt(s.Encrypt[0].Ciphertext); !errors.Is(err, ErrReceiver) {
		t.Fatalf("another app id: %v", err)
	}
	// A receiver that is a prefix of the right one is still another receiver.
	c = mustCodec(t, s.Key, s.AppID[:len(s.AppID)-1])
	if _, err := c.Decrypt(s.Encrypt[0].Ciphertext); !errors.Is(err, ErrReceiver) {
		t.Fatalf("a prefix of the app id: %v", err)
	}
}

func TestDecryptRefusesTruncatedCiphertext(t *testing.T) {
	var s oaSample
	load(t, "oa_encrypt_sample.json", &s)
	c := mustCodec(t, s.Key, s.AppID)
	raw, _ := base64.StdEncoding.DecodeString(s.Encrypt[1].Ciphertext)
	cases := map[string]string{
		"not base64":         "not base64!",
		"empty":              "",
		"base64 cut short":   s.Encrypt[1].Ciphertext[:len(s.Encrypt[1].Ciphertext)-3],
		"half an AES block":  base64.StdEncoding.EncodeToString(raw[:len(raw)-8]),
		"one AES block less": base64.StdEncoding.EncodeToString(raw[:len(raw)-16]),
		"one block only":     base64.StdEncoding.EncodeToString(raw[:16]),
	}
	for name, in := range cases {
		_, err := c.Decrypt(in)
		if !errors.Is(err, ErrCiphertext) && !errors.Is(err, ErrPadding) && !errors.Is(err, ErrReceiver) {
			t.Errorf("%s: %v", name, err)
		}
		if err == nil {
			t.Errorf("%s: decrypted", name)
		}
	}
}

// rawEncrypt encrypts plain as is, without padding it, to craft what a sender could.
func rawEncrypt(c *Codec, plain []byte) string {
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// framed is random(16) | length | msg | receiver, unpadded.
func framed(length uint32, msg, receiver string) []byte {
	b := append(bytes.Repeat([]byte{'r'}, 16), binary.BigEndian.AppendUint32(nil, length)...)
	return append(append(b, msg...), receiver...)
}

func TestDecryptRefusesBadPadding(t *testing.T) {
	c := mustCodec(t, testKey, testReceiver)
	body := framed(5, "hello", testReceiver) // 43 bytes
	withPad := func(p []byte) []byte { return append(bytes.Clone(body), p...) }
	cases := map[string][]byte{
		"last byte 0":        withPad(append(bytes.Repeat([]byte{21}, 20), 0)),
		"last byte 33":       append(withPad(bytes.Repeat([]byte{21}, 21)), bytes.Repeat([]byte{33}, 32)...),
		"inconsistent bytes": withPad(append(bytes.Repeat([]byte{21}, 19), 7, 21)),
		"longer than all":    bytes.Repeat([]byte{32}, 16),
	}
	for name, plain := range cases {
		if len(plain)%16 != 0 {
			t.Fatalf("%s: crafted %d bytes", name, len(plain))
		}
		if _, err := c.Decrypt(rawEncrypt(c, plain)); !errors.Is(err, ErrPadding) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The well-formed frame with its right padding decrypts: the cases above fail for their
	// padding alone.
	if got, err := c.Decrypt(rawEncrypt(c, pad(body))); err != nil || string(got) != "hello" {
		t.Fatalf("control: %q, %v", got, err)
	}
}

func TestDecryptRefusesALengthOutOfBounds(t *testing.T) {
	c := mustCodec(t, testKey, testReceiver)
	for _, n := range []uint32{5 + uint32(len(testReceiver)) + 1, 1 << 31} {
		if _, err := c.Decrypt(rawEncrypt(c, pad(framed(n, "hello", testReceiver)))); !errors.Is(err, ErrCiphertext) {
			t.Errorf("length %d: %v", n, err)
		}
	}
	short := pad(bytes.Repeat([]byte{'r'}, 19)) // no room for the length field
	if _, err := c.Decrypt(rawEncrypt(c, short)); !errors.Is(err, ErrCiphertext) {
		t.Errorf("no length field: %v", err)
	}
}

func TestNewCodecRefusesMalformedKeys(t *testing.T) {
	for name, key := range map[string]string{
		"empty":           "",
		"42 characters":   testKey[:42],
		"44 characters":   testKey + "=",
		"not base64":      "!" + testKey[1:],
		"url-safe base64": "-" + testKey[1:],
	} {
		if _, err := NewCodec(key, testReceiver); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := NewCodec(testKey, ""); err == nil {
		t.Error("an empty receiver id was accepted")
	}
}

func TestSealedMessagesAreFreshAndWholeBlocks(t *testing.T) {
	c := mustCodec(t, testKey, testReceiver)
	for _, n := range []int{0, 1, 12, 13, 31, 32, 100} {
		msg := bytes.Repeat([]byte("m"), n)
		a, _ := c.Encrypt(msg)
		b, _ := c.Encrypt(msg)
		raw, _ := base64.StdEncoding.DecodeString(a)
		if a == b || len(raw)%padBlock != 0 {
			t.Errorf("%d bytes: same twice %v, %d bytes of ciphertext", n, a == b, len(raw))
		}
		if got, err := c.Decrypt(a); err != nil || !bytes.Equal(got, msg) {
			t.Errorf("%d bytes: %q, %v", n, got, err)
		}
	}
}
