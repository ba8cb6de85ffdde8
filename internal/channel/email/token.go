package email

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// tokenPrefix starts every reply token, so a plus-address of a customer's own (support+sales@)
// is never taken for one.
const tokenPrefix = "k"

// b32 is lower-case base32 without padding: mail servers may fold a local part's case.
var b32 = base32.HexEncoding.WithPadding(base32.NoPadding)

// tokens makes and checks reply tokens under one key.
type tokens struct{ key []byte }

// make returns the reply token of a conversation: "k" + base32(id bytes) + base32(mac[:5]).
func (t tokens) make(conversationID string) string {
	raw, err := hex.DecodeString(strings.ReplaceAll(conversationID, "-", ""))
	if err != nil || len(raw) != 16 {
		return ""
	}
	return tokenPrefix + strings.ToLower(b32.EncodeToString(raw)+b32.EncodeToString(t.mac(raw)))
}

// conversation returns the conversation id a token names, or "" when it is not a token or
// its HMAC does not verify.
func (t tokens) conversation(token string) string {
	tok, ok := strings.CutPrefix(strings.ToLower(token), tokenPrefix)
	if !ok || len(tok) != 26+8 {
		return ""
	}
	raw, err1 := b32.DecodeString(strings.ToUpper(tok[:26]))
	mac, err2 := b32.DecodeString(strings.ToUpper(tok[26:]))
	if err1 != nil || err2 != nil || len(raw) != 16 || !hmac.Equal(mac, t.mac(raw)) {
		return ""
	}
	h := hex.EncodeToString(raw)
	id := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	if !kefu.ValidID(id) {
		return ""
	}
	return id
}

func (t tokens) mac(raw []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte("kefu email reply token\x00"))
	m.Write(raw)
	return m.Sum(nil)[:5]
}

// replyAddress is the inbox's address with the conversation's token: local+token@domain.
func (t tokens) replyAddress(inboxAddress, conversationID string) string {
	local, domain, ok := strings.Cut(inboxAddress, "@")
	tok := t.make(conversationID)
	if !ok || tok == "" {
		return inboxAddress
	}
	return local + "+" + tok + "@" + domain
}

// messageID is the Message-ID (without brackets) of kefu message messageID in a conversation:
// kefu.<message id>.<token>@<domain of the inbox>.
func (t tokens) messageID(inboxAddress, messageID, conversationID string) string {
	return "kefu." + messageID + "." + t.make(conversationID) + "@" + domainOf(inboxAddress)
}

// threadOf returns the conversation a kefu Message-ID or a token address names, or "".
func (t tokens) threadOf(id string) string {
	local, _, _ := strings.Cut(id, "@")
	if rest, ok := strings.CutPrefix(local, "kefu."); ok {
		if i := strings.LastIndexByte(rest, '.'); i >= 0 {
			return t.conversation(rest[i+1:])
		}
		return ""
	}
	if _, tok, ok := strings.Cut(local, "+"); ok {
		return t.conversation(tok)
	}
	return ""
}

func domainOf(address string) string {
	_, d, ok := strings.Cut(address, "@")
	if !ok || d == "" {
		return "kefu.invalid"
	}
	return strings.ToLower(d)
}
