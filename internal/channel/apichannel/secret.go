package apichannel

import (
	"crypto/hmac"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// Tolerance is how far a request's webhook-timestamp may be from kefu's clock, either way.
// Standard Webhooks recommends five minutes: enough for clock skew and a slow retry, short
// enough that a captured request soon stops working.
const Tolerance = 5 * time.Minute

// maxWebhookID bounds a request id kept in a receipt; real ids ("msg_" and a ULID) are short.
const maxWebhookID = 200

// Bounds of a secret's key: Standard Webhooks secrets carry 24 to 64 random bytes.
const (
	minKeyBytes = 24
	maxKeyBytes = 64
)

// NewSecret returns a fresh signing secret, "whsec_" and 32 random bytes in base64.
func NewSecret() string { return webhook.NewSecret() }

// ValidSecret reports whether s is a Standard Webhooks secret kefu can sign with.
func ValidSecret(s string) bool {
	rest, ok := strings.CutPrefix(s, "whsec_")
	if !ok {
		return false
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	return err == nil && len(key) >= minKeyBytes && len(key) <= maxKeyBytes
}

// Signed is what a signed request carries besides its body.
type Signed struct {
	ID        string // webhook-id
	Timestamp string // webhook-timestamp, Unix seconds
	Signature string // webhook-signature: space-separated "v1,<base64>" signatures
}

// errSignature is the one answer to every signature that does not match, so a prober learns
// nothing about which part was wrong.
var errSignature = kefu.Errorf(kefu.CodeUnauthenticated,
	"webhook-signature does not match: sign \"{webhook-id}.{webhook-timestamp}.{body}\" with the inbox's secret (HMAC-SHA256, base64, prefixed \"v1,\")")

// Verify checks a signed request against secret at time now: the three headers present, the
// timestamp within Tolerance, and one of the v1 signatures equal (in constant time) to the
// HMAC-SHA256 of "id.timestamp.body". It runs before the body is parsed.
func Verify(secret string, h Signed, body []byte, now time.Time) error {
	if h.ID == "" || h.Timestamp == "" || h.Signature == "" {
		return kefu.Errorf(kefu.CodeUnauthenticated, "the request must carry webhook-id, webhook-timestamp and webhook-signature headers")
	}
	if len(h.ID) > maxWebhookID {
		return kefu.Errorf(kefu.CodeUnauthenticated, "webhook-id is longer than %d bytes", maxWebhookID)
	}
	ts, err := strconv.ParseInt(h.Timestamp, 10, 64)
	if err != nil {
		return kefu.Errorf(kefu.CodeUnauthenticated, "webhook-timestamp must be Unix seconds")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return kefu.Errorf(kefu.CodeUnauthenticated, "webhook-timestamp is more than %v from the server's time: a stale or replayed request, or a wrong clock", Tolerance)
	}
	want, err := webhook.Sign(secret, h.ID, ts, body)
	if err != nil {
		return kefu.Internal(err)
	}
	for _, sig := range strings.Fields(h.Signature) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errSignature
}
