package wecom

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// WeCom's msgid is at most 32 bytes of [0-9a-zA-Z_-]. kefu's message ids are UUIDs: without
// their dashes they are 32 hex digits, which fits exactly and maps back.

// partMsgID is the msgid of part i of a reply (its text, then each attachment): the message
// id itself for the first part, a hash of it and i for the others, so every retry of the
// reply sends each part under the same msgid.
func partMsgID(messageID string, i int) string {
	if i == 0 {
		return strings.ReplaceAll(messageID, "-", "")
	}
	sum := sha256.Sum256([]byte(messageID + ":" + strconv.Itoa(i)))
	return hex.EncodeToString(sum[:16])
}

// messageIDOf is the kefu message id behind a first part's msgid, when it is one.
func messageIDOf(msgID string) (string, bool) {
	if len(msgID) != 32 {
		return "", false
	}
	id := msgID[0:8] + "-" + msgID[8:12] + "-" + msgID[12:16] + "-" + msgID[16:20] + "-" + msgID[20:]
	return id, kefu.ValidID(id)
}
