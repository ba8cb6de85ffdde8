package wecomtest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
)

// Callback posts kf_msg_or_event notifications the way WeCom does: the XML encrypted with the
// EncodingAESKey and CorpID, msg_signature, timestamp and nonce in the query.
type Callback struct {
	URL, Token, EncodingAESKey, CorpID string
	Now                                func() time.Time // nil = time.Now
}

// Notification is the decrypted XML of one callback saying openKfID has new messages.
func Notification(corpID, openKfID, token string) []byte {
	return fmt.Appendf(nil, `<xml><ToUserName><![CDATA[%s]]></ToUserName><CreateTime>%d</CreateTime>`+
		`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>`+
		`<Token><![CDATA[%s]]></Token><OpenKfId><![CDATA[%s]]></OpenKfId></xml>`, corpID, time.Now().Unix(), token, openKfID)
}

// Request is a signed, encrypted callback of plain with nonce; the test may spoil it first.
func (c Callback) Request(plain []byte, nonce string) (*http.Request, error) {
	codec, err := wxcrypto.NewCodec(c.EncodingAESKey, c.CorpID)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	enc, sig, err := codec.Seal(c.Token, plain, ts, nonce)
	if err != nil {
		return nil, err
	}
	body := fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[%s]]></Encrypt></xml>`, c.CorpID, enc)
	q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}
	req, err := http.NewRequest(http.MethodPost, c.URL+"?"+q.Encode(), bytes.NewReader([]byte(body)))
	if err == nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	return req, err
}

// Post sends a callback of plain and returns the status and body.
func (c Callback) Post(plain []byte, nonce string) (int, string, error) {
	req, err := c.Request(plain, nonce)
	if err != nil {
		return 0, "", err
	}
	return do(req)
}

// Verify makes the console's URL check with echostr and returns the status and body.
func (c Callback) Verify(echostr, nonce string) (int, string, error) {
	codec, err := wxcrypto.NewCodec(c.EncodingAESKey, c.CorpID)
	if err != nil {
		return 0, "", err
	}
	ts := strconv.FormatInt(c.now().Unix(), 10)
	enc, sig, err := codec.Seal(c.Token, []byte(echostr), ts, nonce)
	if err != nil {
		return 0, "", err
	}
	q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {enc}}
	req, _ := http.NewRequest(http.MethodGet, c.URL+"?"+q.Encode(), nil)
	return do(req)
}

func (c Callback) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func do(req *http.Request) (int, string, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), nil
}
