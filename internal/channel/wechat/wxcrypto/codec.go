package wxcrypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// keyLen is the length of an EncodingAESKey: 43 base64 characters, without the padding "=",
// that decode to a 32-byte AES-256 key.
const keyLen = 43

// Codec encrypts and decrypts one receiver's callback messages. It holds no mutable state and
// is safe for concurrent use.
type Codec struct {
	block      cipher.Block
	iv         []byte
	receiverID string
}

// NewCodec makes the codec of an EncodingAESKey and its receiver: the AppID of an Official
// Account or mini program, the CorpID of a WeCom corporation. The IV is the key's first 16
// bytes, as the platforms define it.
func NewCodec(encodingAESKey, receiverID string) (*Codec, error) {
	key, err := decodeKey(encodingAESKey)
	if err != nil {
		return nil, err
	}
	if receiverID == "" {
		return nil, errors.New("wxcrypto: the receiver id (AppID or CorpID) is empty")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("wxcrypto: %w", err)
	}
	return &Codec{block: block, iv: key[:aes.BlockSize], receiverID: receiverID}, nil
}

// decodeKey turns the 43-character EncodingAESKey into its 32 bytes. The platforms' keys
// carry two unused bits in their last character, which the lenient decoder ignores.
func decodeKey(s string) ([]byte, error) {
	if len(s) != keyLen {
		return nil, fmt.Errorf("wxcrypto: the EncodingAESKey must be %d characters, got %d", keyLen, len(s))
	}
	key, err := base64.StdEncoding.DecodeString(s + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("wxcrypto: the EncodingAESKey is not 43 characters of base64")
	}
	return key, nil
}

// ReceiverID is the AppID or CorpID the codec binds messages to.
func (c *Codec) ReceiverID() string { return c.receiverID }

// Encrypt encrypts msg for the codec's receiver: 16 random bytes, msg's length as 4 bytes
// big-endian, msg, the receiver id, PKCS#7-padded to 32-byte blocks, AES-256-CBC, base64.
func (c *Codec) Encrypt(msg []byte) (string, error) {
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return "", fmt.Errorf("wxcrypto: %w", err)
	}
	return c.encrypt(random, msg), nil
}

// encrypt is Encrypt with the random prefix given, so the published vectors, made with a
// fixed prefix, can be reproduced byte for byte.
func (c *Codec) encrypt(random, msg []byte) string {
	plain := make([]byte, 0, 20+len(msg)+len(c.receiverID)+padBlock)
	plain = append(plain, random...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg))) //nolint:gosec // bodies are size-limited far below 4 GiB
	plain = pad(append(append(plain, msg...), c.receiverID...))
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// Decrypt reverses Encrypt with strict checks: base64 (ErrCiphertext), whole AES blocks
// (ErrCiphertext), the padding (ErrPadding), the length field (ErrCiphertext) and the
// trailing receiver id (ErrReceiver). It returns the message between the length field and the
// receiver id.
func (c *Codec) Decrypt(b64 string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return nil, ErrCiphertext
	}
	plain := make([]byte, len(raw))
	cipher.NewCBCDecrypter(c.block, c.iv).CryptBlocks(plain, raw)
	plain, err = unpad(plain)
	if err != nil {
		return nil, err
	}
	return c.split(plain)
}

// split takes the message out of random(16) | length(4) | msg | receiver id.
func (c *Codec) split(plain []byte) ([]byte, error) {
	if len(plain) < 20 {
		return nil, ErrCiphertext
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	rest := plain[20:]
	if uint64(n) > uint64(len(rest)) {
		return nil, ErrCiphertext
	}
	if string(rest[n:]) != c.receiverID {
		return nil, ErrReceiver
	}
	return rest[:n:n], nil
}

// Open verifies a callback's msg_signature over (token, timestamp, nonce, encrypt) and only
// then decrypts encrypt: nothing from an unsigned ciphertext is ever looked at.
func (c *Codec) Open(token, msgSignature, timestamp, nonce, encrypt string) ([]byte, error) {
	if err := VerifySignature(msgSignature, token, timestamp, nonce, encrypt); err != nil {
		return nil, err
	}
	return c.Decrypt(encrypt)
}

// Seal encrypts msg and signs the ciphertext as the platforms do. kefu never sends passive
// replies; Seal is for the platform simulators and the tests.
func (c *Codec) Seal(token string, msg []byte, timestamp, nonce string) (encrypt, msgSignature string, err error) {
	encrypt, err = c.Encrypt(msg)
	if err != nil {
		return "", "", err
	}
	return encrypt, Signature(token, timestamp, nonce, encrypt), nil
}
