package channeltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Type is the channel type of the test adapter; inboxes of tests are created with it.
const Type kefu.ChannelType = "test"

// Adapter delivers replies to a Platform at URL.
type Adapter struct {
	URL  string
	Caps channel.Capabilities // what it declares; Realtime must stay false
	// Client is the HTTP client; nil = a client with a 10s timeout.
	Client *http.Client
}

// Delivery is what Deliver posts to the platform.
type Delivery struct {
	MessageID string `json:"message_id"`
	To        string `json:"to"`
	Text      string `json:"text"`
	Sender    string `json:"sender"`
	Attempt   int    `json:"attempt"`
}

// Type implements channel.Adapter.
func (a *Adapter) Type() kefu.ChannelType { return Type }

// Capabilities implements channel.Adapter.
func (a *Adapter) Capabilities() channel.Capabilities { return a.Caps }

// Deliver implements channel.Adapter: it posts the reply with the message id as its
// Idempotency-Key and maps the answer.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	d := Delivery{MessageID: out.Message.ID, To: out.To.ExternalID, Text: out.Message.Content, Attempt: out.Attempt}
	if out.Sender != nil {
		d.Sender = out.Sender.Name
	}
	body, _ := json.Marshal(d)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL, bytes.NewReader(body))
	if err != nil {
		return channel.DeliveryResult{}, channel.Permanent("the platform's address is not valid", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", out.Message.ID)
	resp, err := a.client().Do(req)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	defer resp.Body.Close()
	return answer(resp)
}

func (a *Adapter) client() *http.Client {
	if a.Client != nil {
		return a.Client
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// answer maps the platform's answer: 2xx sent, 429 and 5xx temporary, any other permanent.
func answer(resp *http.Response) (channel.DeliveryResult, error) {
	var b struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&b)
	reason := b.Error
	if reason == "" {
		reason = fmt.Sprintf("the platform answered %d", resp.StatusCode)
	}
	switch {
	case resp.StatusCode/100 == 2:
		return channel.DeliveryResult{PlatformMsgID: b.ID}, nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return channel.DeliveryResult{}, channel.Temporary(reason, retryAfter(resp.Header.Get("Retry-After")), nil)
	case resp.StatusCode >= 500:
		return channel.DeliveryResult{}, channel.Temporary(reason, 0, nil)
	}
	return channel.DeliveryResult{}, channel.Permanent(reason, nil)
}

// retryAfter reads a Retry-After of seconds; 0 when absent or not a number.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
