// Package keyring is kefu's envelope encryption. A key-encryption key (KEK), kept outside the
// database (KEFU_MASTER_KEY or <data_dir>/master.key), wraps data-encryption keys, which the
// database keeps with an id each; values are sealed with AES-256-GCM under the current data key
// into self-describing text ("v1:<key id>:<nonce and ciphertext, base64url>") with the caller's
// associated data (the store binds each value to its table, column and row) authenticated
// alongside, so a ciphertext copied to another row or column does not open. Rotation adds a
// data key and makes it current; values under older keys keep opening until they are resealed.
package keyring
