package llm

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Source is a retrieved knowledge-base article, given best first.
type Source struct{ ID, Title, Body string }

// Answer is the model's verified reply.
type Answer struct {
	// Text is the answer for the customer. Its citation markers are rewritten as [1], [2], …
	// numbered by Citations (the n-th id in Citations is [n]), whatever numbers and brackets
	// the model used ([3], 【2】, [1, 3]); so [1] is always the first article cited.
	Text string
	// Citations are the ids of the Sources the text cites, in order of first use; never an
	// id that was not given.
	Citations []string
	// Known is false when there is no answer to give: the model said it does not know, cited
	// nothing, cited a number that is not a source, or was cut off. Text and Citations are
	// then empty, and the bot hands the conversation over.
	Known bool
}

// Answer asks the model to answer question from sources alone (the first MaxSources, bodies
// cut to the budget), in locale's language, and verifies the reply. Without sources there is
// nothing to ground an answer on: it returns an unknown Answer without calling the provider.
func (c *Client) Answer(ctx context.Context, question, locale string, sources []Source) (Answer, error) {
	if c.err != nil {
		return Answer{}, c.err
	}
	question = customerText(question, MaxQuestionRunes)
	if question == "" {
		return Answer{}, kefu.FieldError("question", "question is empty")
	}
	sources = sources[:min(len(sources), MaxSources)]
	if err := checkSources(sources); err != nil {
		return Answer{}, err
	}
	if len(sources) == 0 {
		return Answer{}, nil
	}
	r, err := c.complete(ctx, groundedMessages(question, locale, sources), answerMaxTokens)
	if err != nil {
		return Answer{}, err
	}
	return verify(r, sources), nil
}

// checkSources refuses a source without an id, which a citation could not name.
func checkSources(sources []Source) error {
	for i, s := range sources {
		if s.ID == "" {
			return kefu.FieldError(fmt.Sprintf("sources[%d].id", i), "every source needs an id")
		}
	}
	return nil
}

// verify turns a reply into an Answer, or an unknown one when it is not a grounded answer.
func verify(r reply, sources []Source) Answer {
	if r.FinishReason == "length" || r.FinishReason == "content_filter" {
		return Answer{} // cut off or filtered: not a whole answer to send a customer
	}
	text := withoutThinking(r.Content)
	if strings.Contains(text, NoAnswer) {
		return Answer{}
	}
	text, cited, ok := renumberCitations(text, sources)
	if !ok || len(cited) == 0 || !hasWords(citationRe.ReplaceAllString(text, "")) {
		return Answer{}
	}
	return Answer{Text: strings.TrimSpace(text), Citations: cited, Known: true}
}

// withoutThinking drops the <think>…</think> block that reasoning models served through
// Ollama or vLLM put before the answer; an unclosed block (cut off while thinking) leaves "".
func withoutThinking(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "<think>") {
		return s
	}
	_, after, closed := strings.Cut(s, "</think>")
	if !closed {
		return ""
	}
	return strings.TrimSpace(after)
}

// hasWords reports whether s has a letter or digit: an answer is more than its citations.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
