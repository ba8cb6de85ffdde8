package wxapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
	"github.com/kefu-dev/kefu/internal/channel/wechat/wxtoken"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/storetest"
)

// tokenPlatform issues ACCESS_TOKEN_1, _2, … at /cgi-bin/token and takes a call at /api only
// with a token it has not revoked.
type tokenPlatform struct {
	mu      sync.Mutex
	issued  int
	revoked map[string]bool
	calls   int
}

func (p *tokenPlatform) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.URL.Path == "/cgi-bin/token" {
		p.issued++
		fmt.Fprintf(w, `{"access_token":"ACCESS_TOKEN_%d","expires_in":7200}`, p.issued)
		return
	}
	p.calls++
	if p.revoked[r.URL.Query().Get("access_token")] {
		_, _ = w.Write([]byte(`{"errcode":40001,"errmsg":"invalid credential"}`))
		return
	}
	_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
}

// counts is how many tokens were issued and calls made.
func (p *tokenPlatform) counts() (issued, calls int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.issued, p.calls
}

func (p *tokenPlatform) revoke(tokens ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, tok := range tokens {
		p.revoked[tok] = true
	}
}

// A token the platform refuses is replaced once, over the real store (SQLite, and PostgreSQL
// when KEFU_TEST_POSTGRES_URL is set): the call succeeds with the new token, and a platform
// that refuses the new one too gets no third call.
func TestWithTokenReplacesARefusedTokenOnce(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *store.Store{
		"sqlite": storetest.OpenSQLite, "postgres": storetest.OpenPostgres,
	} {
		t.Run(name, func(t *testing.T) { testWithToken(t, open(t)) })
	}
}

func testWithToken(t *testing.T, st *store.Store) {
	p := &tokenPlatform{revoked: map[string]bool{"ACCESS_TOKEN_1": true}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	c := wxapi.New(wxapi.Options{BaseURL: srv.URL, Tokens: wxtoken.New(wxtoken.Options{Store: st})})
	ctx := context.Background()
	fetch := func(ctx context.Context) (string, time.Duration, error) {
		return c.FetchToken(ctx, "/cgi-bin/token", url.Values{"appid": {"wx1"}, "secret": {"s"}})
	}
	call := func(tok string) error { return c.Get(ctx, "/api", url.Values{"access_token": {tok}}, nil) }
	key := fmt.Sprintf("test:%d", time.Now().UnixNano())
	err := c.WithToken(ctx, key, fetch, call)
	if issued, calls := p.counts(); err != nil || issued != 2 || calls != 2 {
		t.Fatalf("%v after %d tokens and %d calls; want success with the second token, in two calls", err, issued, calls)
	}
	p.revoke("ACCESS_TOKEN_2", "ACCESS_TOKEN_3")
	err = c.WithToken(ctx, key, fetch, call)
	if _, calls := p.counts(); wxapi.ErrCode(err) != 40001 || calls != 4 {
		t.Errorf("%v after %d calls; want the platform's 40001 after one retry", err, calls)
	}
}

// A token answer without a token is the platform failing (a 5xx to the callers), not a token.
func TestFetchTokenWithoutToken(t *testing.T) {
	c := wxapi.New(wxapi.Options{BaseURL: platform(t, 200, "application/json", `{"errcode":0}`).URL})
	tok, _, err := c.FetchToken(context.Background(), "/cgi-bin/gettoken", nil)
	var ae *wxapi.APIError
	if tok != "" || !errors.As(err, &ae) || ae.Status < 500 {
		t.Errorf("token %q, %v; want an APIError with a 5xx status", tok, err)
	}
}
