package dialog

import (
	"context"
	"net/http"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// LLMSettingsReader reads an organisation's language-model settings (the store).
type LLMSettingsReader interface {
	GetLLMSettings(ctx context.Context, orgID string) (kefu.LLMSettings, error)
}

// StoredModels is Models over the organisation's stored settings: a client per call, which is
// cheap (llm.Client holds only its settings), so a changed setting or key takes effect at the
// next message on every node without any cache to invalidate.
type StoredModels struct {
	Settings LLMSettingsReader
	HTTP     *http.Client // the SSRF-guarded client (netguard), sized for llm.MaxResponseBytes
}

// Model returns the organisation's model, nil when it has none enabled.
func (m StoredModels) Model(ctx context.Context, orgID string) (Answerer, error) {
	s, err := m.Settings.GetLLMSettings(ctx, orgID)
	if err != nil || !s.Enabled {
		return nil, err
	}
	return llm.New(llm.ConfigOf(s), m.HTTP), nil
}

// Check makes one small call with the settings given, to tell an administrator whether they
// work (the bot's administration's "test connection").
func (m StoredModels) Check(ctx context.Context, s kefu.LLMSettings) error {
	return llm.New(llm.ConfigOf(s), m.HTTP).Check(ctx)
}
