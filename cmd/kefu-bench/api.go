package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// api is a REST client for one kefu base URL.
type api struct {
	base string
	hc   *http.Client
}

func newAPI(base string) *api {
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 30 * time.Second}
	return &api{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// wsURL turns the base URL into the WebSocket URL of path.
func (a *api) wsURL(path string) string {
	return "ws" + strings.TrimPrefix(a.base, "http") + path
}

// apiError is a non-2xx answer.
type apiError struct {
	Status int
	Body   string
}

func (e *apiError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Body) }

// do sends a JSON request with an optional bearer token and decodes a JSON answer into out.
func (a *api) do(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return &apiError{Status: resp.StatusCode, Body: strings.TrimSpace(string(b))}
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// withRetry retries f while the server sheds load (429/503), up to a minute.
func withRetry(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(time.Minute)
	for wait := 50 * time.Millisecond; ; wait = min(wait*2, 2*time.Second) {
		err := f()
		ae, ok := err.(*apiError)
		if err == nil || !ok || (ae.Status != 429 && ae.Status != 503) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// wireMessage is the part of a message (agent or visitor projection) the bench reads.
type wireMessage struct {
	ID             string `json:"id"`
	ConversationID string `json:"conversation_id"`
	Seq            int64  `json:"seq"`
	SenderType     string `json:"sender_type"`
	Content        string `json:"content"`
	ClientMsgID    string `json:"client_msg_id"`
}

// wireConversation is the part of a conversation the bench reads.
type wireConversation struct {
	ID         string `json:"id"`
	AssigneeID string `json:"assignee_id"`
	LastSeq    int64  `json:"last_seq"`
}
