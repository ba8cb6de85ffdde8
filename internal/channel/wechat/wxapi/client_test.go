package wxapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxapi"
)

// platform is an httptest server answering every request with status and body.
func platform(t *testing.T, status int, contentType, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Every answer is read through the errcode envelope: a result, WeChat's refusal with its
// errcode, or an HTTP error (a proxy's page included) with its status and no errcode.
func TestAnswers(t *testing.T) {
	for _, tc := range []struct {
		name         string
		status       int
		body         string
		code, httpSt int // the APIError's; 0, 0 for a result
		max          int64
	}{
		{"result", 200, `{"errcode":0,"unionid":"u1"}`, 0, 0, 0},
		{"result without envelope", 200, `{"unionid":"u1"}`, 0, 0, 0},
		{"refused", 200, `{"errcode":45009,"errmsg":"reach max api daily quota limit"}`, 45009, 200, 0},
		{"proxy page", 502, `<html>Bad Gateway</html>`, 0, 502, 0},
		{"HTTP error with a JSON body", 503, `{"errcode":0}`, 0, 503, 0},
		{"over the size limit", 200, `{"unionid":"` + strings.Repeat("u", 64) + `"}`, 0, 200, 48},
	} {
		c := wxapi.New(wxapi.Options{BaseURL: platform(t, tc.status, "application/json", tc.body).URL + "/", MaxAnswer: tc.max})
		var out struct {
			UnionID string `json:"unionid"`
		}
		err := c.Get(context.Background(), "/cgi-bin/user/info", url.Values{"openid": {"o1"}}, &out)
		var ae *wxapi.APIError
		switch {
		case tc.httpSt == 0 && (err != nil || out.UnionID != "u1"):
			t.Errorf("%s: %q, %v; want the result", tc.name, out.UnionID, err)
		case tc.httpSt != 0 && (!errors.As(err, &ae) || ae.Code != tc.code || ae.Status != tc.httpSt || ae.Path != "/cgi-bin/user/info"):
			t.Errorf("%s: %v; want an APIError with errcode %d and HTTP %d", tc.name, err, tc.code, tc.httpSt)
		}
		if got := wxapi.ErrCode(err); got != tc.code {
			t.Errorf("%s: ErrCode %d, want %d", tc.name, got, tc.code)
		}
	}
}

// A request that gets no answer fails with the path, never the URL: the access token and the
// AppSecret travel in its query.
func TestNoAnswerHidesURL(t *testing.T) {
	c := wxapi.New(wxapi.Options{BaseURL: "http://127.0.0.1:1"})
	err := c.Get(context.Background(), "/cgi-bin/token", url.Values{"secret": {"s3cr3t-value"}}, nil)
	var te *wxapi.TransportError
	if !errors.As(err, &te) || strings.Contains(err.Error(), "s3cr3t-value") || strings.Contains(err.Error(), "127.0.0.1:1/cgi-bin") {
		t.Errorf("error %v, want a TransportError without the URL and its secret", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Get(ctx, "/cgi-bin/token", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled call: %v, want the context's error", err)
	}
}

// PostJSON sends its body as JSON.
func TestPostJSON(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = r.Header.Get("Content-Type") + " " + r.URL.Query().Get("access_token") + " " + string(b)
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer srv.Close()
	c := wxapi.New(wxapi.Options{BaseURL: srv.URL})
	body := map[string]string{"touser": "o1"}
	if err := c.PostJSON(context.Background(), "/cgi-bin/message/custom/send", url.Values{"access_token": {"T"}}, body, nil); err != nil {
		t.Fatal(err)
	}
	if want := `application/json T {"touser":"o1"}`; got != want {
		t.Errorf("the platform got %q, want %q", got, want)
	}
}
