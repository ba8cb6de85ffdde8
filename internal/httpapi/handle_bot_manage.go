package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/kefu"
)

const tagBotManage = "Bot administration"

// botManageRoutes registers the bot's administration: metrics, unanswered questions and the
// language model.
func (s *server) botManageRoutes(api registry) {
	op(api, "bot-metrics", "GET", "/api/v1/bot/metrics", "The bot's figures per inbox and day (reports.view)", tagBotManage, s.botMetrics)
	op(api, "list-bot-unanswered", "GET", "/api/v1/bot/unanswered", "Questions the bot could not answer, newest first (kb.manage)", tagBotManage, s.listUnanswered)
	op(api, "add-bot-unanswered", "POST", "/api/v1/bot/unanswered/{id}/add", "Add a question to an article's alternative questions (kb.manage)", tagBotManage, s.addUnanswered)
	op(api, "dismiss-bot-unanswered", "POST", "/api/v1/bot/unanswered/{id}/dismiss", "Dismiss a question (kb.manage)", tagBotManage, s.dismissUnanswered)
	op(api, "get-bot-llm", "GET", "/api/v1/bot/llm", "The organisation's language model, without its key (settings.manage)", tagBotManage, s.getLLM)
	op(api, "put-bot-llm", "PUT", "/api/v1/bot/llm", "Configure the organisation's language model (settings.manage)", tagBotManage, s.putLLM)
	op(api, "test-bot-llm", "POST", "/api/v1/bot/llm/test", "Call the saved language model once and say whether it answers (settings.manage)", tagBotManage, s.testLLM)
}

type botMetricsOutput struct {
	Body *manage.Metrics
}

func (s *server) botMetrics(ctx context.Context, in *struct {
	From    string `query:"from" maxLength:"10" doc:"First day, YYYY-MM-DD in the organisation's time zone; default: 6 days before to"`
	To      string `query:"to" maxLength:"10" doc:"Last day, included; default: today"`
	InboxID string `query:"inbox_id" maxLength:"36" doc:"Only this inbox"`
}) (*botMetricsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.BotManage.Metrics(ctx, actor, manage.MetricsQuery{From: in.From, To: in.To, InboxID: in.InboxID})
	if err != nil {
		return nil, err
	}
	return &botMetricsOutput{Body: m}, nil
}

type unansweredListOutput struct {
	Body *manage.UnansweredPage
}

func (s *server) listUnanswered(ctx context.Context, in *struct {
	Status  string `query:"status" enum:"open,added,dismissed," doc:"default open"`
	InboxID string `query:"inbox_id" maxLength:"36" doc:"Only this inbox"`
	Limit   int    `query:"limit" minimum:"0" maximum:"100" doc:"Page size; 0 = 50"`
	Cursor  string `query:"cursor" maxLength:"200" doc:"next_cursor of the previous page"`
}) (*unansweredListOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	page, err := s.BotManage.Unanswered(ctx, actor, manage.UnansweredQuery{Status: in.Status, InboxID: in.InboxID, Limit: in.Limit, Cursor: in.Cursor})
	if err != nil {
		return nil, err
	}
	return &unansweredListOutput{Body: page}, nil
}

type unansweredOutput struct {
	Body *kefu.UnansweredQuestion
}

func (s *server) addUnanswered(ctx context.Context, in *struct {
	ID   string `path:"id" maxLength:"36" doc:"The question's id"`
	Body struct {
		ArticleID string `json:"article_id" maxLength:"64" doc:"The article to add the question to"`
	}
}) (*unansweredOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.BotManage.AddUnanswered(ctx, actor, in.ID, in.Body.ArticleID)
	if err != nil {
		return nil, err
	}
	return &unansweredOutput{Body: q}, nil
}

func (s *server) dismissUnanswered(ctx context.Context, in *idInput) (*unansweredOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.BotManage.DismissUnanswered(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &unansweredOutput{Body: q}, nil
}

type llmOutput struct {
	Body *kefu.LLMSettings
}

func (s *server) getLLM(ctx context.Context, _ *struct{}) (*llmOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.BotManage.LLM(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &llmOutput{Body: c}, nil
}

// llmBody replaces the language model settings; the key is write-only.
type llmBody struct {
	Enabled        bool   `json:"enabled" doc:"Generate answers with this model where an inbox's bot has use_llm"`
	BaseURL        string `json:"base_url" maxLength:"500" doc:"OpenAI-compatible base URL ending in /v1, e.g. http://127.0.0.1:11434/v1; reached through the outbound guard"`
	Model          string `json:"model" maxLength:"200" doc:"The chat model, e.g. qwen2.5:7b"`
	EmbeddingModel string `json:"embedding_model" maxLength:"200" doc:"The embedding model; empty: no re-ranking by embeddings"`
	APIKey         string `json:"api_key,omitempty" maxLength:"1000" writeOnly:"true" doc:"Sets the key when non-empty; omitted or empty keeps the stored one. Never returned."`
	ClearAPIKey    bool   `json:"clear_api_key,omitempty" doc:"Remove the stored key"`
}

func (s *server) putLLM(ctx context.Context, in *struct{ Body llmBody }) (*llmOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := s.BotManage.SaveLLM(ctx, actor, manage.LLMInput{Enabled: b.Enabled, BaseURL: b.BaseURL, Model: b.Model,
		EmbeddingModel: b.EmbeddingModel, APIKey: b.APIKey, ClearAPIKey: b.ClearAPIKey})
	if err != nil {
		return nil, err
	}
	return &llmOutput{Body: c}, nil
}

type llmTestOutput struct {
	Body *manage.LLMTest
}

func (s *server) testLLM(ctx context.Context, _ *struct{}) (*llmTestOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	res, err := s.BotManage.TestLLM(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &llmTestOutput{Body: res}, nil
}
