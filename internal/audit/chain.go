package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// chainVersion starts every encoded entry, so a future encoding can coexist with this one.
const chainVersion = "kefu-audit-v1"

// Seal returns the hash of e: SHA-256, hex, over a JSON array of every stored field but the
// hash itself, PrevHash included, in a fixed order. JSON strings escape every byte that could
// blur a field boundary, and encoding/json writes them one way, so equal entries always encode
// alike. Before and After are hashed as the exact bytes stored.
func Seal(e *kefu.AuditEntry) string {
	fields := []any{chainVersion, e.OrgID, e.Seq, e.At.UnixMicro(), e.ActorKind, e.ActorID, e.TokenID,
		e.IP, e.UserAgent, e.Action, e.TargetType, e.TargetID, string(e.Before), string(e.After), e.PrevHash}
	b, err := json.Marshal(fields) // strings and integers only: encoding cannot fail
	if err != nil {
		panic("audit: unencodable entry: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
