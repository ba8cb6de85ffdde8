package apichannel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/netguard"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// maxReason bounds how much of a refusing answer becomes the reason an agent sees.
const maxReason = 200

// Deliver implements channel.Adapter: it posts the reply to the inbox's callback URL, signed
// with the inbox's secret and with the message id as webhook-id, so every retry of one reply
// carries the same id and the integrator stores it once. A 2xx answer is sent; 429, 5xx and
// network errors are worth retrying (after Retry-After when given); any other answer, a
// refused URL or a missing setting is permanent.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	if out.Inbox.Config.API == nil || out.Inbox.Config.API.CallbackURL == "" || out.Inbox.Secrets.APISecret == "" {
		return channel.DeliveryResult{}, channel.Permanent("the API inbox has no callback URL or secret", nil)
	}
	if !strings.HasPrefix(out.To.ExternalID, out.Inbox.ID+":") || len(out.To.ExternalID) == len(out.Inbox.ID)+1 {
		return channel.DeliveryResult{}, channel.Permanent("the customer has no identity in this API inbox to reply to", nil)
	}
	body, err := json.Marshal(a.callback(out))
	if err != nil {
		return channel.DeliveryResult{}, channel.Permanent("the reply could not be encoded", err)
	}
	req, err := a.signedRequest(ctx, out, body)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return channel.DeliveryResult{}, transportError(err)
	}
	defer resp.Body.Close()
	return answer(resp, a.opts.Now())
}

// signedRequest is the callback POST with its Standard Webhooks headers.
func (a *Adapter) signedRequest(ctx context.Context, out channel.Outbound, body []byte) (*http.Request, error) {
	ts := a.opts.Now().Unix()
	sig, err := webhook.Sign(out.Inbox.Secrets.APISecret, out.Message.ID, ts, body)
	if err != nil {
		return nil, channel.Permanent("the inbox's secret is malformed; rotate it", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, out.Inbox.Config.API.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return nil, channel.Permanent("the callback URL is malformed", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kefu-api-channel/1")
	req.Header.Set("webhook-id", out.Message.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	return req, nil
}

// transportError classes a failed request: a destination the guard refuses stays refused,
// anything else (DNS, connection, timeout) may pass next time.
func transportError(err error) error {
	if errors.Is(err, netguard.ErrRefused) {
		return channel.Permanent("kefu may not reach the callback URL (SSRF guard; an operator allows internal addresses with outbound_allow)", err)
	}
	return channel.Temporary("the callback URL could not be reached", 0, err)
}

// answer classes the integrator's answer. A 2xx body's "id", when it has one, is the
// platform's id of the message.
func answer(resp *http.Response, now time.Time) (channel.DeliveryResult, error) {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	s := resp.StatusCode
	switch {
	case s >= 200 && s <= 299:
		var ack struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(data, &ack)
		return channel.DeliveryResult{PlatformMsgID: ack.ID}, nil
	case s == http.StatusTooManyRequests || s >= 500:
		return channel.DeliveryResult{}, channel.Temporary(reason(s, data), netguard.RetryAfter(resp.Header.Get("Retry-After"), now), nil)
	}
	return channel.DeliveryResult{}, channel.Permanent(reason(s, data), nil)
}

// reason is the status and the start of the answer's text, for the agent.
func reason(status int, body []byte) string {
	text := strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "")), " ")
	if len(text) > maxReason {
		text = text[:maxReason]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	if text == "" {
		return fmt.Sprintf("the callback answered HTTP %d", status)
	}
	return fmt.Sprintf("the callback answered HTTP %d: %s", status, text)
}
