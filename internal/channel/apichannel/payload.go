package apichannel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/jsonstrict"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// MaxBodyBytes is the largest inbound request body: a message's text and a few attachment
// URLs fit many times over, and files come by URL, not inline.
const MaxBodyBytes = 1 << 20

// maxExternalID leaves room for the "<inbox_id>:" scope in a 255-byte identity.
const maxExternalID = 200

// APIInbound is what an integrator posts: the customer, as the integrator's platform knows
// them, and their message.
type APIInbound struct {
	Contact APIInboundContact `json:"contact"`
	Message APIInboundMessage `json:"message"`
}

// APIInboundContact is the customer. ExternalID is the integrator's id for them, unique within
// the inbox; the other fields are profile hints applied to the contact.
type APIInboundContact struct {
	ExternalID string            `json:"external_id" minLength:"1" maxLength:"200" doc:"The customer's id on the integrator's platform; unique per inbox"`
	Name       string            `json:"name,omitempty" maxLength:"200"`
	Email      string            `json:"email,omitempty" maxLength:"320"`
	Phone      string            `json:"phone,omitempty" maxLength:"50"`
	AvatarURL  string            `json:"avatar_url,omitempty" maxLength:"2000" doc:"Kept as the contact's avatar_url attribute"`
	Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50"`
}

// APIInboundMessage is the customer's message. ID is the platform's message id: a message posted
// again with the same id (a retry) is stored once.
type APIInboundMessage struct {
	ID          string                 `json:"id" minLength:"1" maxLength:"100" doc:"The message's id on the integrator's platform; retries with the same id are stored once"`
	Text        string                 `json:"text,omitempty" doc:"The message text; text over kefu's message size is truncated"`
	Attachments []APIInboundAttachment `json:"attachments,omitempty" maxItems:"10"`
}

// APIInboundAttachment is a file kefu fetches from URL (through the SSRF guard).
type APIInboundAttachment struct {
	URL      string `json:"url" minLength:"1" maxLength:"2000" doc:"http(s) URL kefu downloads the file from; private and loopback addresses are refused"`
	FileName string `json:"file_name,omitempty" maxLength:"255"`
}

// parseBody decodes a verified body strictly: valid UTF-8 without NUL, no duplicate keys or
// unknown fields, and the required fields present; files says the request carries files.
func parseBody(body []byte, files bool) (*APIInbound, error) {
	if !utf8.Valid(body) {
		return nil, kefu.Errorf(kefu.CodeMalformed, "the request body is not valid UTF-8")
	}
	if err := jsonstrict.Check(body); err != nil {
		return nil, err
	}
	var b APIInbound
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "the request body is not the expected JSON: %s", jsonReason(err))
	}
	return &b, b.validate(files)
}

// jsonReason is a decoding error's message without the offending value.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s has the wrong type", te.Field)
	}
	if strings.HasPrefix(err.Error(), "json: unknown field") {
		return err.Error()
	}
	return "it does not parse"
}

// validate checks what the schema says, for requests huma does not decode.
func (b *APIInbound) validate(files bool) error {
	c, m := b.Contact, b.Message
	switch {
	case strings.TrimSpace(c.ExternalID) == "" || len(c.ExternalID) > maxExternalID:
		return kefu.FieldError("contact.external_id", "contact.external_id is required, at most %d bytes", maxExternalID)
	case strings.TrimSpace(m.ID) == "" || len(m.ID) > 100:
		return kefu.FieldError("message.id", "message.id is required, at most 100 bytes")
	case hasNUL(c.ExternalID, m.ID, m.Text, c.Name, c.Email, c.Phone):
		return kefu.FieldError("body", "text must not contain NUL characters")
	case strings.TrimSpace(m.Text) == "" && len(m.Attachments) == 0 && !files:
		return kefu.FieldError("message.text", "a message needs text or attachments")
	case len(m.Attachments) > kefu.MaxAttachments:
		return kefu.FieldError("message.attachments", "at most %d attachments", kefu.MaxAttachments)
	}
	for i, a := range m.Attachments {
		if a.URL == "" || len(a.URL) > 2000 || len(a.FileName) > 255 || hasNUL(a.URL, a.FileName) {
			return kefu.FieldError(fmt.Sprintf("message.attachments[%d].url", i), "an attachment needs a URL of at most 2000 bytes")
		}
	}
	return nil
}

func hasNUL(ss ...string) bool {
	for _, s := range ss {
		if strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
	return false
}
