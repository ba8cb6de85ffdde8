package apichannel

import (
	"context"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func apiInbox(callback, secret string) *kefu.Inbox {
	return &kefu.Inbox{Channel: kefu.ChannelAPI, Config: kefu.ChannelConfig{API: &kefu.APIChannel{CallbackURL: callback}},
		Secrets: kefu.ChannelSecrets{APISecret: secret}}
}

func TestConfigure(t *testing.T) {
	ctx := context.Background()
	a := newTestAdapter(loopback)
	own := NewSecret()
	tests := []struct {
		name     string
		next     *kefu.Inbox
		prev     *kefu.Inbox
		field    string // "" = accepted
		wantKept string // the secret Configure must leave; "" = a fresh valid one
	}{
		{"https callback, secret generated", apiInbox("https://93.184.215.14/kefu", ""), nil, "", ""},
		{"http to an allowed range", apiInbox("http://127.0.0.1:8080/kefu", ""), nil, "", ""},
		{"secret kept on update", apiInbox("https://93.184.215.14/kefu", ""), apiInbox("", own), "", own},
		{"well-formed secret given", apiInbox("https://93.184.215.14/kefu", own), nil, "", own},
		{"malformed secret", apiInbox("https://93.184.215.14/kefu", "hunter2"), nil, "secrets.api_secret", ""},
		{"no callback", apiInbox("", ""), nil, fieldCallback, ""},
		{"no api config", &kefu.Inbox{Channel: kefu.ChannelAPI}, nil, fieldCallback, ""},
		{"plain http to the internet", apiInbox("http://93.184.215.14/kefu", ""), nil, fieldCallback, ""},
		{"metadata address", apiInbox("https://169.254.169.254/latest", ""), nil, fieldCallback, ""},
		{"private address", apiInbox("https://10.0.0.5/kefu", ""), nil, fieldCallback, ""},
		{"not http", apiInbox("ftp://93.184.215.14/kefu", ""), nil, fieldCallback, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.Configure(ctx, tt.next, tt.prev)
			if tt.field != "" {
				var ke *kefu.Error
				if !asError(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.field {
					t.Errorf("Configure() = %v, want invalid_input on %s", err, tt.field)
				}
				return
			}
			got := tt.next.Secrets.APISecret
			if err != nil || !ValidSecret(got) || (tt.wantKept != "" && got != tt.wantKept) {
				t.Errorf("Configure() = %v with secret %q; want accepted with a valid secret (kept: %q)", err, got, tt.wantKept)
			}
		})
	}
}

func asError(err error, target **kefu.Error) bool {
	e, ok := err.(*kefu.Error)
	*target = e
	return ok
}
