package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// The language model's API key is stored sealed and bound to its organisation: the column
// holds no plaintext, and a sealed key copied to another organisation's row does not open.
func TestLLMKeySealed(t *testing.T) {
	ctx := context.Background()
	s := storetest.OpenSQLite(t)
	a, _ := newCredentials(t, s)
	b := &kefu.Org{Name: "Other", Settings: kefu.DefaultOrgSettings()}
	mustDo(t, s.CreateOrgWithOwner(ctx, b, &kefu.Agent{Email: "owner@other.example", Name: "O", Role: kefu.RoleOwner, Capacity: 1}))
	settings := kefu.LLMSettings{Enabled: true, BaseURL: "https://llm.example/v1", Model: "m", APIKey: "sk-plain-key"}
	_, err := s.SaveLLMSettings(ctx, a.ID, settings, false)
	mustDo(t, err)
	raw, err := s.RawLLMKey(ctx, a.ID)
	if err != nil || strings.Contains(raw, "sk-plain-key") || !strings.HasPrefix(raw, "v1:") {
		t.Fatalf("api_key stored as %q (%v): want a v1: sealed value without the plaintext", raw, err)
	}
	_, err = s.SaveLLMSettings(ctx, b.ID, kefu.LLMSettings{Model: "m"}, false)
	mustDo(t, err)
	mustDo(t, s.ExecRaw(ctx, `UPDATE bot_llm SET api_key = ? WHERE org_id = ?`, raw, b.ID))
	if got, err := s.GetLLMSettings(ctx, b.ID); err == nil || got.APIKey != "" {
		t.Errorf("another organisation's sealed key read as %q, %v; want an error", got.APIKey, err)
	}
}
