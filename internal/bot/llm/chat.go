package llm

import (
	"context"
	"encoding/json"
	"strings"
)

// Temperature is low so that the model stays close to the sources' wording and a question
// asked twice gets the same answer.
const Temperature = 0.2

// chatMessage is one message of /chat/completions.
type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// chatRequest is the body of POST {base}/chat/completions: the fields every compatible
// provider documents, nothing provider-specific.
type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	MaxTokens   int           `json:"max_tokens"`
}

// chatResponse is the part of the answer the client reads. Content is raw because some
// providers send an array of parts instead of a string.
type chatResponse struct {
	Choices []struct {
		Message struct {
			Content json.RawMessage `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

// reply is the first choice of a chat completion.
type reply struct {
	Content      string
	FinishReason string // "stop"; "length" when max_tokens cut it; "content_filter"; "" from some providers
}

// complete asks the chat model for one reply to messages.
func (c *Client) complete(ctx context.Context, messages []chatMessage, maxTokens int) (reply, error) {
	req := chatRequest{Model: c.cfg.Model, Messages: messages, Temperature: Temperature, MaxTokens: maxTokens}
	var resp chatResponse
	if err := c.post(ctx, "/chat/completions", req, &resp); err != nil {
		return reply{}, err
	}
	if len(resp.Choices) == 0 {
		return reply{}, badResponse("no choices")
	}
	first := resp.Choices[0]
	content, ok := contentText(first.Message.Content)
	if !ok {
		return reply{}, badResponse("the message content is neither text nor text parts")
	}
	return reply{Content: content, FinishReason: first.FinishReason}, nil
}

// contentText reads a message content that is a string, null, or an array of
// {"type":"text","text":…} parts (joined).
func contentText(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text, true
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return "", false
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), true
}
