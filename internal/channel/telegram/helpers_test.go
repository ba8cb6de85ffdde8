package telegram

import (
	"encoding/json"
	"testing"
)

// mustDecode turns v into an update as it would arrive: through JSON.
func mustDecode(t *testing.T, v any, into any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatal(err)
	}
}
