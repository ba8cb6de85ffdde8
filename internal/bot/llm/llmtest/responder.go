package llmtest

import (
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/bot/llm"
)

// Responder produces the assistant's reply to a chat completion request. It runs on the
// server's goroutine for each request and must be safe for concurrent use.
type Responder func(req ChatRequest) Reply

// Reply is the assistant message of a chat completion.
type Reply struct {
	Content      string
	FinishReason string // "" = "stop"; "length" simulates a reply cut by max_tokens
}

// Say returns a responder that always replies content.
func Say(content string) Responder {
	return func(ChatRequest) Reply { return Reply{Content: content} }
}

// Grounded is the default responder, a model that follows the llm package's rules: when the
// question shares a word or CJK bigram with some source, it answers with the first sentence of
// the first source, cited [1]; otherwise it replies llm.NoAnswer. A request that carries no
// grounding document (Check's ping) gets "pong".
func Grounded(req ChatRequest) Reply {
	p, ok := req.Prompt()
	if !ok {
		return Reply{Content: "pong"}
	}
	if len(p.Sources) == 0 || !sharesTerm(p.Question, p.Sources) {
		return Reply{Content: llm.NoAnswer}
	}
	return Reply{Content: firstSentence(p.Sources[0].Text) + " [1]"}
}

// sharesTerm reports whether question has a term that some source's title or text has.
func sharesTerm(question string, sources []llm.PromptSource) bool {
	asked := map[string]bool{}
	for _, t := range terms(question) {
		asked[t] = true
	}
	for _, s := range sources {
		for _, t := range terms(s.Title + "\n" + s.Text) {
			if asked[t] {
				return true
			}
		}
	}
	return false
}

// firstSentence returns text up to and including its first sentence end (。！？.!? or a line
// break), trimmed.
func firstSentence(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "。！？.!?\n"); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		return strings.TrimSpace(text[:i+size])
	}
	return text
}
