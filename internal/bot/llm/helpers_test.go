package llm_test

import (
	"errors"
	"testing"

	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/llm/llmtest"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// newFake starts a fake provider and a client for it with the fake's settings.
func newFake(t *testing.T, opts ...llmtest.Option) (*llmtest.Server, *llm.Client) {
	t.Helper()
	fake := llmtest.New(t, opts...)
	return fake, llm.New(fake.Config(), fake.Client())
}

// codeOf returns err's kefu code and the *kefu.Error itself, failing the test for other errors.
func codeOf(t *testing.T, err error) (kefu.Code, *kefu.Error) {
	t.Helper()
	var ke *kefu.Error
	if !errors.As(err, &ke) {
		t.Fatalf("error %v (%T) is not a *kefu.Error", err, err)
	}
	return ke.Code, ke
}

// teaSources are three articles of a tea shop, best first.
var teaSources = []llm.Source{
	{ID: "art-refund", Title: "Refunds", Body: "Refunds reach your card within 7 working days. Contact us if they do not."},
	{ID: "art-ship", Title: "Shipping", Body: "We ship every parcel within 48 hours from Hangzhou."},
	{ID: "art-brew", Title: "Brewing green tea", Body: "Brew green tea at 80 degrees for two minutes."},
}
