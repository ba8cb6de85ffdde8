package wechattest

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
)

// Callback posts callbacks to kefu as the platform does for one account.
type Callback struct {
	URL    string // kefu's callback URL: public URL + /hooks/ + inbox id
	AppID  string
	Token  string // the callback token (服务器配置 › Token)
	AESKey string // the EncodingAESKey
	Mode   string // plaintext, compatible or safe
	Format string // xml (default) or json
	Now    func() time.Time
}

// Fields is a message as the platform's field names and values ("MsgType": "text").
type Fields map[string]any

// Encode writes fields in format: XML with CDATA text and bare numbers, or JSON.
func Encode(format string, f Fields) []byte {
	if format == "json" {
		b, _ := json.Marshal(f)
		return b
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("<xml>")
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			fmt.Fprintf(&b, "<%s><![CDATA[%s]]></%s>", k, v, k)
		default:
			fmt.Fprintf(&b, "<%s>%v</%s>", k, v, k)
		}
	}
	b.WriteString("</xml>")
	return b.Bytes()
}

// Nonce is a fresh random nonce like the platform's (digits).
func Nonce() string {
	n, _ := rand.Int(rand.Reader, bigBillion)
	return n.String()
}

// Request builds the signed callback of fields with a fresh timestamp and nonce, per the
// mode: plaintext is the message with signature; safe is the envelope (ToUserName, Encrypt)
// with encrypt_type=aes and msg_signature; compatible is the message's fields and Encrypt
// side by side.
func (c Callback) Request(f Fields) *http.Request {
	return c.RequestAt(f, strconv.FormatInt(c.now().Unix(), 10), Nonce())
}

// RequestAt is Request with the given timestamp and nonce.
func (c Callback) RequestAt(f Fields, timestamp, nonce string) *http.Request {
	q := url.Values{"timestamp": {timestamp}, "nonce": {nonce}, "signature": {wxcrypto.Signature(c.Token, timestamp, nonce)}}
	if from, ok := f["FromUserName"].(string); ok {
		q.Set("openid", from)
	}
	body := Encode(c.format(), f)
	if c.Mode != "plaintext" {
		body = c.seal(q, f, body, timestamp, nonce)
	}
	return c.post(q, body)
}

// seal encrypts the message and signs the ciphertext; the AppID is what the codec puts inside.
func (c Callback) seal(q url.Values, f Fields, plain []byte, timestamp, nonce string) []byte {
	codec, err := wxcrypto.NewCodec(c.AESKey, c.AppID)
	if err != nil {
		panic("wechattest: " + err.Error())
	}
	enc, sig, err := codec.Seal(c.Token, plain, timestamp, nonce)
	if err != nil {
		panic("wechattest: " + err.Error())
	}
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", sig)
	env := Fields{"ToUserName": f["ToUserName"], "Encrypt": enc}
	if c.Mode == "compatible" {
		for k, v := range f {
			env[k] = v
		}
		env["Encrypt"] = enc
	}
	return Encode(c.format(), env)
}

// RawRequest posts body as it is with q (a test's forged or broken callback).
func (c Callback) RawRequest(q url.Values, body []byte) *http.Request { return c.post(q, body) }

// SignedQuery is a fresh plain-signed query (timestamp, nonce, signature) for RawRequest.
func (c Callback) SignedQuery() url.Values {
	ts, nonce := strconv.FormatInt(c.now().Unix(), 10), Nonce()
	return url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {wxcrypto.Signature(c.Token, ts, nonce)}}
}

func (c Callback) post(q url.Values, body []byte) *http.Request {
	req, err := http.NewRequest(http.MethodPost, c.URL+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		panic("wechattest: " + err.Error())
	}
	ct := "text/xml"
	if c.format() == "json" {
		ct = "application/json"
	}
	req.Header.Set("Content-Type", ct)
	return req
}

// Post sends the callback of fields and returns the status and body kefu answered.
func (c Callback) Post(f Fields) (int, string, error) { return Do(c.Request(f)) }

// Do sends req and reads the answer.
func Do(req *http.Request) (int, string, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, strings.TrimSpace(string(b)), nil
}

// VerifyURL makes the console's URL check (GET with echostr) and returns the answer.
func (c Callback) VerifyURL(echostr string) (int, string, error) {
	ts, nonce := strconv.FormatInt(c.now().Unix(), 10), Nonce()
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {wxcrypto.Signature(c.Token, ts, nonce)}, "echostr": {echostr}}
	req, err := http.NewRequest(http.MethodGet, c.URL+"?"+q.Encode(), nil)
	if err != nil {
		return 0, "", err
	}
	return Do(req)
}

func (c Callback) format() string {
	if c.Format == "json" {
		return "json"
	}
	return "xml"
}

func (c Callback) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

var bigBillion = big.NewInt(1_000_000_000)
