package llm_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// TestAnswerWithTheGroundedFake: the default fake answers from the first source when the
// question is on topic and says NoAnswer when it is not.
func TestAnswerWithTheGroundedFake(t *testing.T) {
	_, c := newFake(t)
	tests := []struct {
		question, locale string
		sources          []llm.Source
		want             llm.Answer
	}{
		{"when do refunds arrive?", "en", teaSources, llm.Answer{
			Text: "Refunds reach your card within 7 working days. [1]", Citations: []string{"art-refund"}, Known: true}},
		{"退款多久到账", "zh-CN", []llm.Source{{ID: "zh-1", Title: "退款到账时间", Body: "退款会在7个工作日内原路退回。如未收到请联系我们。"}}, llm.Answer{
			Text: "退款会在7个工作日内原路退回。 [1]", Citations: []string{"zh-1"}, Known: true}},
		{"do you sell coffee beans?", "en", teaSources, llm.Answer{}},
		{"你们卖咖啡豆吗", "zh-CN", []llm.Source{{ID: "zh-1", Title: "退款到账时间", Body: "退款会在7个工作日内原路退回。"}}, llm.Answer{}},
	}
	for _, tt := range tests {
		got, err := c.Answer(t.Context(), tt.question, tt.locale, tt.sources)
		if err != nil {
			t.Fatalf("Answer(%q): %v", tt.question, err)
		}
		if got.Text != tt.want.Text || got.Known != tt.want.Known || !slices.Equal(got.Citations, tt.want.Citations) {
			t.Errorf("Answer(%q) = %+v, want %+v", tt.question, got, tt.want)
		}
	}
}

// TestAnswerVerifiesTheReply feeds the client the replies a model may give and checks what
// becomes of them.
func TestAnswerVerifiesTheReply(t *testing.T) {
	dup := append(slices.Clone(teaSources), llm.Source{ID: "art-refund", Title: "Refunds again", Body: "Same article, second passage."})
	tests := []struct {
		name    string
		reply   llmtest.Reply
		sources []llm.Source // nil = teaSources
		want    llm.Answer
	}{
		{"one citation", llmtest.Reply{Content: "Within 7 working days [1]."}, nil,
			llm.Answer{Text: "Within 7 working days [1].", Citations: []string{"art-refund"}, Known: true}},
		{"renumbered in order of first use", llmtest.Reply{Content: "We ship in 48 hours [2]. Refunds take 7 days [1]. Again [2]."}, nil,
			llm.Answer{Text: "We ship in 48 hours [1]. Refunds take 7 days [2]. Again [1].", Citations: []string{"art-ship", "art-refund"}, Known: true}},
		{"Chinese and full-width brackets", llmtest.Reply{Content: "7个工作日内到账【1】，48小时发货［2］。"}, nil,
			llm.Answer{Text: "7个工作日内到账[1]，48小时发货[2]。", Citations: []string{"art-refund", "art-ship"}, Known: true}},
		{"a list in one marker", llmtest.Reply{Content: "Both apply [3, 1]."}, nil,
			llm.Answer{Text: "Both apply [1][2].", Citations: []string{"art-brew", "art-refund"}, Known: true}},
		{"a list with a repeated number", llmtest.Reply{Content: "See [2，2、1]."}, nil,
			llm.Answer{Text: "See [1][2].", Citations: []string{"art-ship", "art-refund"}, Known: true}},
		{"named markers", llmtest.Reply{Content: "Brew at 80 degrees [Source 3] or see [来源1]."}, nil,
			llm.Answer{Text: "Brew at 80 degrees [1] or see [2].", Citations: []string{"art-brew", "art-refund"}, Known: true}},
		{"a year in brackets is text", llmtest.Reply{Content: "Since [2024] refunds take 7 days [1]."}, nil,
			llm.Answer{Text: "Since [2024] refunds take 7 days [1].", Citations: []string{"art-refund"}, Known: true}},
		{"two sources with one id share a ref", llmtest.Reply{Content: "Yes [4], as said [1]."}, dup,
			llm.Answer{Text: "Yes [1], as said [1].", Citations: []string{"art-refund"}, Known: true}},
		{"thinking block dropped", llmtest.Reply{Content: "<think>The customer asks about refunds [9].</think>\nWithin 7 days [1]."}, nil,
			llm.Answer{Text: "Within 7 days [1].", Citations: []string{"art-refund"}, Known: true}},
		{"the sentinel", llmtest.Reply{Content: llm.NoAnswer}, nil, llm.Answer{}},
		{"the sentinel with words around", llmtest.Reply{Content: "Sorry. " + llm.NoAnswer + " [1]"}, nil, llm.Answer{}},
		{"no citation", llmtest.Reply{Content: "Refunds take 7 days."}, nil, llm.Answer{}},
		{"a number beyond the sources", llmtest.Reply{Content: "Refunds take 30 days [4]."}, nil, llm.Answer{}},
		{"a valid and an invalid number", llmtest.Reply{Content: "Refunds take 7 days [1], or 30 [7]."}, nil, llm.Answer{}},
		{"zero", llmtest.Reply{Content: "Refunds take 7 days [0]."}, nil, llm.Answer{}},
		{"citations only", llmtest.Reply{Content: " [1] [2] "}, nil, llm.Answer{}},
		{"empty", llmtest.Reply{Content: ""}, nil, llm.Answer{}},
		{"cut by max_tokens", llmtest.Reply{Content: "Refunds take 7 [1] working", FinishReason: "length"}, nil, llm.Answer{}},
		{"filtered", llmtest.Reply{Content: "Refunds [1]", FinishReason: "content_filter"}, nil, llm.Answer{}},
		{"cut while thinking", llmtest.Reply{Content: "<think>Refunds take [1]"}, nil, llm.Answer{}},
	}
	fake, c := newFake(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake.SetResponder(func(llmtest.ChatRequest) llmtest.Reply { return tt.reply })
			sources := tt.sources
			if sources == nil {
				sources = teaSources
			}
			got, err := c.Answer(t.Context(), "refund?", "en", sources)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.want.Text || got.Known != tt.want.Known || !slices.Equal(got.Citations, tt.want.Citations) {
				t.Errorf("reply %q gave %+v, want %+v", tt.reply.Content, got, tt.want)
			}
		})
	}
}

// TestAnswerRequest checks what reaches the provider: the documented fields, the rules in the
// customer's language, the numbered sources without their ids, and the key as a bearer token.
func TestAnswerRequest(t *testing.T) {
	for _, tt := range []struct{ locale, ruleWord string }{
		{"en", "Use only facts stated in the sources"}, {"zh-CN", "只使用资料中写明的事实"}, {"", "Use only facts"}, {"zh", "只使用"},
	} {
		fake, c := newFake(t)
		if _, err := c.Answer(t.Context(), "when will my refund arrive?", tt.locale, teaSources); err != nil {
			t.Fatal(err)
		}
		reqs := fake.Requests()
		if len(reqs) != 1 || reqs[0].Path != "/v1/chat/completions" || reqs[0].Authorization != "Bearer "+fake.Key {
			t.Fatalf("requests %+v, want one POST /v1/chat/completions with the bearer key", reqs)
		}
		chat := *reqs[0].Chat
		if chat.Model != fake.Model || chat.Temperature == nil || *chat.Temperature != llm.Temperature || chat.MaxTokens <= 0 {
			t.Errorf("model %q temperature %v max_tokens %d, want %q, %v and a bound", chat.Model, chat.Temperature, chat.MaxTokens, fake.Model, llm.Temperature)
		}
		if len(chat.Messages) != 2 || chat.Messages[0].Role != "system" || !strings.Contains(chat.System(), tt.ruleWord) || !strings.Contains(chat.System(), llm.NoAnswer) {
			t.Errorf("locale %q: messages %+v, want the rules (with %q) as the system message", tt.locale, chat.Messages, tt.ruleWord)
		}
		p, ok := chat.Prompt()
		want := llm.Prompt{Question: "when will my refund arrive?"}
		for i, s := range teaSources {
			want.Sources = append(want.Sources, llm.PromptSource{N: i + 1, Title: s.Title, Text: s.Body})
		}
		if !ok || !equalPrompt(p, want) {
			t.Errorf("user message decodes to %+v, want %+v", p, want)
		}
		if strings.Contains(string(reqs[0].Body), "art-refund") {
			t.Error("the request carries the articles' ids")
		}
	}
}

func equalPrompt(a, b llm.Prompt) bool {
	return a.Question == b.Question && slices.Equal(a.Sources, b.Sources)
}

// TestAnswerStaysWithinItsBudgets: only the top sources go, their texts share the budget, the
// question is cut, and personal data in the question is masked before it leaves.
func TestAnswerStaysWithinItsBudgets(t *testing.T) {
	fake, c := newFake(t)
	var sources []llm.Source
	for i := range 8 {
		body := strings.Repeat("茶", 50)
		if i == 1 {
			body = strings.Repeat("long body ", 2000)
		}
		sources = append(sources, llm.Source{ID: string(rune('a' + i)), Title: strings.Repeat("T", 500), Body: body})
	}
	question := "我的手机号 13812345678，邮箱 zhang.san@example.com，订单 2024061800123 " + strings.Repeat("问", 3000)
	if _, err := c.Answer(t.Context(), question, "zh-CN", sources); err != nil {
		t.Fatal(err)
	}
	p, _ := fake.Chats()[0].Prompt()
	if len(p.Sources) != llm.MaxSources {
		t.Errorf("sent %d sources, want %d", len(p.Sources), llm.MaxSources)
	}
	total := 0
	for _, s := range p.Sources {
		total += utf8.RuneCountInString(s.Text)
		if utf8.RuneCountInString(s.Title) > llm.MaxTitleRunes {
			t.Errorf("title of %d runes, want at most %d", utf8.RuneCountInString(s.Title), llm.MaxTitleRunes)
		}
	}
	if total > llm.MaxSourceTextRunes || total < llm.MaxSourceTextRunes-10 {
		t.Errorf("sources' texts total %d runes, want the budget %d used (short texts leave theirs to the long one)", total, llm.MaxSourceTextRunes)
	}
	if n := utf8.RuneCountInString(p.Question); n > llm.MaxQuestionRunes {
		t.Errorf("question of %d runes, want at most %d", n, llm.MaxQuestionRunes)
	}
	for _, personal := range []string{"13812345678", "zhang.san@example.com"} {
		if strings.Contains(string(fake.Requests()[0].Body), personal) {
			t.Errorf("the request carries %q", personal)
		}
	}
	if !strings.Contains(p.Question, "2024061800123") {
		t.Errorf("question %q lost the order number, which answers need", p.Question[:80])
	}
}

func TestAnswerWithoutSourcesAsksNothing(t *testing.T) {
	fake, c := newFake(t)
	got, err := c.Answer(t.Context(), "refund?", "en", nil)
	if err != nil || got.Known || got.Text != "" || got.Citations != nil {
		t.Errorf("Answer without sources = %+v, %v; want an unknown answer and no error", got, err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want 0", n)
	}
}

func TestAnswerRefusesBadInput(t *testing.T) {
	fake, c := newFake(t)
	tests := []struct {
		name, question string
		sources        []llm.Source
		field          string
	}{
		{"empty question", "", teaSources, "question"},
		{"blank question", " \n\t ", teaSources, "question"},
		{"source without id", "refund?", []llm.Source{{Title: "Refunds", Body: "7 days"}}, "sources[0].id"},
	}
	for _, tt := range tests {
		_, err := c.Answer(t.Context(), tt.question, "en", tt.sources)
		if code, ke := codeOf(t, err); code != kefu.CodeInvalid || ke.Field != tt.field {
			t.Errorf("%s: got %v, want invalid_input on %s", tt.name, err, tt.field)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake received %d requests, want 0", n)
	}
}

// TestAnswerReadsContentParts: some providers send content as an array of text parts.
func TestAnswerReadsContentParts(t *testing.T) {
	fake, c := newFake(t)
	body, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{
		"message":       map[string]any{"role": "assistant", "content": []any{map[string]string{"type": "text", "text": "Within 7 days "}, map[string]string{"type": "text", "text": "[1]."}}},
		"finish_reason": "stop",
	}}})
	fake.SetFault(llmtest.Fault{Body: string(body)})
	got, err := c.Answer(t.Context(), "refund?", "en", teaSources)
	if err != nil || got.Text != "Within 7 days [1]." || !got.Known {
		t.Errorf("Answer = %+v, %v; want the joined parts", got, err)
	}
}
