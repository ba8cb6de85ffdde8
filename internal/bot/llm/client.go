package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/kefu-dev/kefu/internal/netguard"
)

// MaxResponseBytes bounds a provider's answer. A grounded answer is a few KiB; ten embeddings
// of 2048 dimensions are about 400 KiB.
const MaxResponseBytes = 1 << 20

// Client calls one OpenAI-compatible provider. It is immutable and safe for concurrent use.
// It never retries: a failed call costs the customer one wait, and the bot then falls back to
// what it does without a model.
type Client struct {
	cfg  Config
	err  error // cfg.Validate's verdict, returned by every call so a bad setting never reaches the network
	http *http.Client
}

// New returns a client for cfg that sends its requests through hc, which must be the
// SSRF-guarded client of internal/netguard (whose response cap should allow
// MaxResponseBytes and whose timeout should allow cfg.Timeout). An invalid cfg is not an error
// here: every call returns cfg.Validate's error instead. A nil hc is a wiring bug and panics.
func New(cfg Config, hc *http.Client) *Client {
	if hc == nil {
		panic("llm.New: nil *http.Client; pass the netguard client")
	}
	return &Client{cfg: cfg, err: cfg.Validate(), http: hc}
}

// post sends in as JSON to path under the base URL and decodes a 2xx answer's body into out.
func (c *Client) post(ctx context.Context, path string, in, out any) error {
	if c.err != nil {
		return c.err
	}
	ctx, cancel := context.WithTimeoutCause(ctx, c.cfg.timeout(), errTimedOut)
	defer cancel()
	req, err := c.newRequest(ctx, path, in)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return transportError(ctx, err, c.cfg.timeout())
	}
	defer resp.Body.Close()
	body, err := c.readBody(ctx, resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return statusError(resp, body, c.cfg.APIKey)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return badResponse("the body is not the expected JSON")
	}
	return nil
}

func (c *Client) newRequest(ctx context.Context, path string, in any) (*http.Request, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the provider reads the text; \u003c would only cost tokens
	if err := enc.Encode(in); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.endpoint(path), &buf)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	return req, nil
}

// readBody reads at most MaxResponseBytes of body; more is a bad response, not a truncation.
func (c *Client) readBody(ctx context.Context, body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, MaxResponseBytes+1))
	switch {
	case errors.Is(err, netguard.ErrTooLarge) || len(data) > MaxResponseBytes:
		return nil, badResponse("the body is larger than 1 MiB or the outbound guard's response limit")
	case err != nil:
		return nil, transportError(ctx, err, c.cfg.timeout())
	}
	return data, nil
}
