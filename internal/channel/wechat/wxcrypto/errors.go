package wxcrypto

import "github.com/kefu-dev/kefu/internal/kefu"

// The sentinel errors. They are *kefu.Error values so a callback handler can answer with a
// stable code without knowing which check failed; callers test them with errors.Is. None of
// their messages carries a secret or the rejected input.
var (
	// ErrSignature: the signature or msg_signature does not match the callback token.
	ErrSignature = &kefu.Error{Code: kefu.CodeUnauthenticated, Message: "bad callback signature"}
	// ErrReceiver: the message decrypted, but was encrypted for another AppID or CorpID.
	ErrReceiver = &kefu.Error{Code: kefu.CodeUnauthenticated, Message: "message is for another receiver"}
	// ErrCiphertext: not base64, not whole AES blocks, or a length field out of bounds.
	ErrCiphertext = &kefu.Error{Code: kefu.CodeMalformed, Message: "malformed ciphertext"}
	// ErrPadding: the PKCS#7 padding is not 1..32 equal bytes.
	ErrPadding = &kefu.Error{Code: kefu.CodeMalformed, Message: "bad ciphertext padding"}
	// ErrStale: the callback's timestamp is outside the accepted window.
	ErrStale = &kefu.Error{Code: kefu.CodeUnauthenticated, Message: "callback timestamp outside the window"}
	// ErrReplay: the nonce was seen before with a different body.
	ErrReplay = &kefu.Error{Code: kefu.CodeUnauthenticated, Message: "callback nonce replayed"}
)
