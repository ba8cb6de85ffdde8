package wechat

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// callbackConfig is what checking one inbox's callbacks takes.
type callbackConfig struct {
	appID, token, aesKey string
	mode                 string // kefu.WeChatPlaintext, WeChatCompatible or WeChatSafe
	format               string // xml or json
}

// configOf reads the inbox's callback settings; false for an inbox of another type.
func (a *Adapter) configOf(in *kefu.Inbox) (callbackConfig, bool) {
	c := callbackConfig{token: in.Secrets.CallbackToken, aesKey: in.Secrets.EncodingAESKey, format: "xml"}
	switch {
	case a.typ == kefu.ChannelWeChat && in.Config.WeChat != nil:
		c.appID, c.mode = in.Config.WeChat.AppID, in.Config.WeChat.Encryption
	case a.typ == kefu.ChannelMiniProgram && in.Config.MiniProgram != nil:
		c.appID, c.mode = in.Config.MiniProgram.AppID, in.Config.MiniProgram.Encryption
		if in.Config.MiniProgram.DataFormat == "json" {
			c.format = "json"
		}
	default:
		return c, false
	}
	if c.mode == "" {
		c.mode = kefu.WeChatSafe
	}
	return c, c.token != ""
}

// ServeWebhook answers the platform at /hooks/{inbox_id}: GET is the console's URL check
// (服务器配置), POST a message or event. Nothing is answered to a request whose signature does
// not match the inbox's callback token.
func (a *Adapter) ServeWebhook(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox) {
	cfg, ok := a.configOf(inbox)
	if !ok {
		refuse(w, wxcrypto.ErrSignature)
		return
	}
	switch r.Method {
	case http.MethodGet:
		a.verifyURL(w, r, inbox, cfg)
	case http.MethodPost:
		a.callback(w, r, inbox, cfg)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// verifyURL answers the console's check of the server URL: signature over (token, timestamp,
// nonce), then the echostr back as plain text.
func (a *Adapter) verifyURL(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, cfg callbackConfig) {
	q := r.URL.Query()
	echo := q.Get("echostr")
	if err := a.checkSigned(r, inbox, cfg, q, []byte(echo)); err != nil {
		refuse(w, err)
		return
	}
	if echo == "" || len(echo) > 256 {
		refuse(w, kefu.Errorf(kefu.CodeMalformed, "echostr missing or too long"))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = io.WriteString(w, echo)
}

// checkSigned verifies the plain signature, then refuses a stale timestamp or a nonce seen
// with another body.
func (a *Adapter) checkSigned(r *http.Request, inbox *kefu.Inbox, cfg callbackConfig, q url.Values, body []byte) error {
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if err := wxcrypto.VerifySignature(q.Get("signature"), cfg.token, ts, nonce); err != nil {
		return err
	}
	replay := wxcrypto.Replay{Nonces: a.store, Now: a.now}
	return replay.Check(r.Context(), inbox.ID, ts, nonce, body)
}

// callback takes one message: signature checked before the body is read, body bounded,
// replay refused, envelope opened per the inbox's mode; "success" once it is stored, 500
// when storing failed, so the platform retries (the MsgId makes the retry harmless).
func (a *Adapter) callback(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, cfg callbackConfig) {
	q := r.URL.Query()
	if err := wxcrypto.VerifySignature(q.Get("signature"), cfg.token, q.Get("timestamp"), q.Get("nonce")); err != nil {
		refuse(w, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.maxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		refuse(w, kefu.Errorf(kefu.CodeTooLarge, "callback body over %d bytes", a.maxBody))
		return
	}
	if err != nil {
		refuse(w, kefu.Errorf(kefu.CodeMalformed, "callback body unreadable"))
		return
	}
	if err := a.checkSigned(r, inbox, cfg, q, body); err != nil {
		refuse(w, err)
		return
	}
	a.take(w, r, inbox, cfg, body)
}

// take opens and parses the signed body and stores its message.
func (a *Adapter) take(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, cfg callbackConfig, body []byte) {
	m, err := a.open(r.URL.Query(), cfg, body)
	if err != nil {
		refuse(w, err)
		return
	}
	if err := a.handle(r.Context(), inbox, m); err != nil {
		a.log.ErrorContext(r.Context(), "wechat callback not stored; the platform will retry",
			"inbox_id", inbox.ID, "msg_type", m.MsgType, "err", err)
		http.Error(w, "not stored", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "success")
}

// Refusals of a callback that does not match the inbox's encryption mode.
var (
	errWantEncrypted = kefu.Errorf(kefu.CodeUnauthenticated, "this inbox is in safe mode: it takes encrypted callbacks only")
	errWantPlaintext = kefu.Errorf(kefu.CodeMalformed, "this inbox is in plaintext mode: set the console's mode to match or change the inbox")
	errToUser        = kefu.Errorf(kefu.CodeUnauthenticated, "the message's ToUserName differs from its envelope's")
)

// open returns the callback's message. Encrypted (encrypt_type=aes): the envelope's
// msg_signature is checked over the ciphertext before it is decrypted, the AppID inside must
// be the inbox's, and the inner ToUserName the envelope's. The inbox's mode decides what is
// accepted: safe takes only encrypted callbacks, plaintext only plain ones, compatible both.
func (a *Adapter) open(q url.Values, cfg callbackConfig, body []byte) (*message, error) {
	encrypted := q.Get("encrypt_type") == "aes"
	switch {
	case !encrypted && cfg.mode == kefu.WeChatSafe:
		return nil, errWantEncrypted
	case encrypted && cfg.mode == kefu.WeChatPlaintext:
		return nil, errWantPlaintext
	case !encrypted:
		return parseMessage(body, cfg.format)
	}
	env, err := wxcrypto.ParseEnvelope(body, cfg.format)
	if err != nil {
		return nil, err
	}
	codec, err := wxcrypto.NewCodec(cfg.aesKey, cfg.appID)
	if err != nil {
		return nil, kefu.Errorf(kefu.CodeUnauthenticated, "the inbox has no usable EncodingAESKey")
	}
	plain, err := codec.Open(cfg.token, q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), env.Encrypt)
	if err != nil {
		return nil, err
	}
	m, err := parseMessage(plain, cfg.format)
	if err == nil && env.ToUserName != "" && m.ToUserName != env.ToUserName {
		return nil, errToUser
	}
	return m, err
}

// refuse answers a refused callback with the status of its code and its safe message.
func refuse(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	switch kefu.ErrorCode(err) {
	case kefu.CodeUnauthenticated:
		status = http.StatusForbidden
	case kefu.CodeTooLarge:
		status = http.StatusRequestEntityTooLarge
	case kefu.CodeInternal, kefu.CodeUnavailable:
		status = http.StatusInternalServerError
	}
	http.Error(w, kefu.PublicMessage(err), status)
}
