package jsonenctest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// SameAsMarshal fails t unless got is what encoding/json's Marshal writes for v.
func SameAsMarshal(t testing.TB, what string, got []byte, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: encoding/json: %v", what, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from encoding/json\n got: %s\nwant: %s", what, got, want)
	}
}
