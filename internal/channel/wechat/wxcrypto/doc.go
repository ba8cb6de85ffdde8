// Package wxcrypto is the WeChat platforms' callback crypto, shared by the Official Account,
// mini program and WeCom adapters: the SHA-1 signatures over the callback's query, the
// AES-256-CBC message encryption keyed by the EncodingAESKey (with its 32-byte PKCS#7 blocks
// and the trailing AppID/CorpID that binds a message to one receiver), the envelope that
// carries the ciphertext, the generators kefu uses when an admin leaves the token or key empty
// (with the keeping of stored secrets an update leaves empty),
// and the replay guard (timestamp window and nonce memory) in front of every callback.
//
// It is our own code rather than a WeChat SDK: see docs/architecture.md for why.
package wxcrypto
