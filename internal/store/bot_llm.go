package store

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// botLLMKeyColumn is the organisation's language-model API key, sealed and bound to the
// organisation's row (bot_llm is keyed by org_id).
var botLLMKeyColumn = sealedColumn{"bot_llm", "api_key", "org_id"}

// GetLLMSettings returns the organisation's language model with its API key opened; the zero
// settings (off) when it has none.
func (s *Store) GetLLMSettings(ctx context.Context, orgID string) (kefu.LLMSettings, error) {
	return s.llmSettings(ctx, s.reader(), orgID, "")
}

// llmSettings reads the row through c, with lock appended to the query (a write's FOR
// UPDATE).
func (s *Store) llmSettings(ctx context.Context, c conn, orgID, lock string) (kefu.LLMSettings, error) {
	var (
		out     kefu.LLMSettings
		sealed  string
		updated int64
	)
	err := c.queryRow(ctx, `SELECT enabled, base_url, model, embedding_model, api_key, updated_at FROM bot_llm
		WHERE org_id = ?`+lock, orgID).Scan(&out.Enabled, &out.BaseURL, &out.Model, &out.EmbeddingModel, &sealed, &updated)
	if err = dbError(err); kefu.IsNotFound(err) {
		return kefu.LLMSettings{}, nil
	}
	if err != nil {
		return out, err
	}
	if out.APIKey, err = s.openValue(ctx, botLLMKeyColumn, orgID, sealed); err != nil {
		return kefu.LLMSettings{}, err
	}
	out.APIKeySet, out.UpdatedAt = out.APIKey != "", fromMicros(updated)
	return out, nil
}

// SaveLLMSettings stores the organisation's language model and returns it as stored. An empty
// in.APIKey keeps the stored key unless clearKey, so editing the model never requires typing
// the key again.
func (s *Store) SaveLLMSettings(ctx context.Context, orgID string, in kefu.LLMSettings, clearKey bool) (kefu.LLMSettings, error) {
	now := s.now()
	var out kefu.LLMSettings
	err := s.write(ctx, func(t *Tx) error {
		old, err := s.llmSettings(t.ctx, t.c, orgID, t.c.d.forUpdate())
		if err != nil {
			return err
		}
		out = in
		if out.APIKey == "" && !clearKey {
			out.APIKey = old.APIKey
		}
		out.APIKeySet, out.UpdatedAt = out.APIKey != "", now
		return s.upsertLLMSettings(t, orgID, out)
	})
	if err != nil {
		return kefu.LLMSettings{}, err
	}
	return out, nil
}

func (s *Store) upsertLLMSettings(t *Tx, orgID string, in kefu.LLMSettings) error {
	sealed, err := s.sealValue(t, botLLMKeyColumn, orgID, in.APIKey)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO bot_llm (org_id, enabled, base_url, model, embedding_model, api_key, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, base_url = excluded.base_url,
			model = excluded.model, embedding_model = excluded.embedding_model, api_key = excluded.api_key,
			updated_at = excluded.updated_at`,
		orgID, in.Enabled, in.BaseURL, in.Model, in.EmbeddingModel, sealed, micros(in.UpdatedAt))
	if isForeignKeyViolation(err) {
		return kefu.ErrNotFound
	}
	return dbError(err)
}
