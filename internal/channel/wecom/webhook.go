package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/kefu-dev/kefu/internal/channel/wechat/wxcrypto"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Job kinds of the adapter.
const (
	JobSync     = "wecom.sync"    // pull new messages with sync_msg (payload: the callback's token)
	JobReceive  = "wecom.receive" // receive what is staged (after a crash, or a page staged)
	JobState    = "wecom.state"   // tell WeCom a session is served or ended
	jobAttempts = 10
)

// callback is the decrypted kf_msg_or_event notification.
type callback struct {
	ToUserName string `xml:"ToUserName"`
	MsgType    string `xml:"MsgType"`
	Event      string `xml:"Event"`
	Token      string `xml:"Token"`
	OpenKfID   string `xml:"OpenKfId"`
}

// ServeWebhook answers WeCom at /hooks/{inbox_id}: GET verifies the URL when an administrator
// saves the callback settings (回调配置); POST says there are new messages. Nothing is read
// before msg_signature checked out and the body decrypted with the inbox's key and CorpID.
func (a *Adapter) ServeWebhook(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox) {
	codec, err := codecOf(inbox)
	if err != nil {
		a.log.WarnContext(r.Context(), "wecom: callback for an inbox without its callback credentials", "inbox_id", inbox.ID)
		http.Error(w, "inbox not configured", http.StatusServiceUnavailable)
		return
	}
	switch r.Method {
	case http.MethodGet:
		a.verifyURL(w, r, inbox, codec)
	case http.MethodPost:
		a.notified(w, r, inbox, codec)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func codecOf(inbox *kefu.Inbox) (*wxcrypto.Codec, error) {
	if inbox.Config.WeCom == nil || inbox.Secrets.CallbackToken == "" {
		return nil, errors.New("wecom: inbox without callback credentials")
	}
	return wxcrypto.NewCodec(inbox.Secrets.EncodingAESKey, inbox.Config.WeCom.CorpID)
}

// verifyURL answers the console's check: the echostr, signed and encrypted, decrypted.
func (a *Adapter) verifyURL(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, codec *wxcrypto.Codec) {
	q := r.URL.Query()
	plain, err := codec.Open(inbox.Secrets.CallbackToken, q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr"))
	if err != nil {
		a.refuse(w, r, inbox, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(plain)
}

// notified takes a kf_msg_or_event callback: checked, then a wecom.sync job committed, then
// "success". It never pulls inside the request: WeCom wants an answer within 5 seconds and
// retries otherwise, and the job survives a crash.
func (a *Adapter) notified(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, codec *wxcrypto.Codec) {
	body, status := a.readBody(w, r)
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	cb, err := a.open(r, inbox, codec, body)
	if err != nil {
		a.refuse(w, r, inbox, err)
		return
	}
	target, err := a.accountInbox(r.Context(), inbox, cb)
	if err == nil && target != nil {
		err = a.queueSync(r.Context(), target, cb.Token)
	}
	if err != nil {
		a.log.ErrorContext(r.Context(), "wecom: sync job not queued; WeCom will retry", "inbox_id", inbox.ID, "err", err)
		http.Error(w, "not stored", http.StatusInternalServerError)
		return
	}
	if target == nil {
		// An event kefu does not take, or an account no inbox serves: acknowledged, so WeCom
		// does not retry it.
		a.log.InfoContext(r.Context(), "wecom: callback for an event or account kefu does not serve", "inbox_id", inbox.ID, "event", cb.Event)
	}
	_, _ = io.WriteString(w, "success")
}

// accountInbox is the inbox that pulls for a verified notification: the inbox itself for its
// own account; for another account of the same company, the organisation's inbox serving it.
// WeCom has one callback URL per company, so its accounts' inboxes share one Token and
// EncodingAESKey and the console names any one of their URLs. nil for other events.
func (a *Adapter) accountInbox(ctx context.Context, inbox *kefu.Inbox, cb *callback) (*kefu.Inbox, error) {
	if cb.Event != "kf_msg_or_event" {
		return nil, nil
	}
	if cb.OpenKfID == inbox.Config.WeCom.OpenKfID {
		return inbox, nil
	}
	all, err := a.store.InboxesOfChannel(ctx, kefu.ChannelWeCom)
	if err != nil {
		return nil, err
	}
	for i := range all {
		c := all[i].Config.WeCom
		if all[i].OrgID == inbox.OrgID && c != nil && c.CorpID == inbox.Config.WeCom.CorpID && c.OpenKfID == cb.OpenKfID {
			return &all[i], nil
		}
	}
	return nil, nil
}

// open verifies and decrypts the envelope, refuses replays, and parses the notification.
func (a *Adapter) open(r *http.Request, inbox *kefu.Inbox, codec *wxcrypto.Codec, body []byte) (*callback, error) {
	q := r.URL.Query()
	env, err := wxcrypto.ParseEnvelope(body, "xml")
	if err != nil {
		return nil, err
	}
	plain, err := codec.Open(inbox.Secrets.CallbackToken, q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), env.Encrypt)
	if err != nil {
		return nil, err
	}
	replay := wxcrypto.Replay{Nonces: a.store, Now: a.now}
	if err := replay.Check(r.Context(), inbox.ID, q.Get("timestamp"), q.Get("nonce"), body); err != nil {
		return nil, uncheckedIfStore(err)
	}
	var cb callback
	if err := wxcrypto.DecodeXML(plain, &cb); err != nil {
		return nil, kefu.Errorf(kefu.CodeMalformed, "malformed callback")
	}
	return &cb, nil
}

// readBody reads at most maxBody bytes: 413 over it.
func (a *Adapter) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, http.StatusRequestEntityTooLarge
	case err != nil:
		return nil, http.StatusBadRequest
	}
	return body, 0
}

// refuse answers a callback that failed a check: 403 for a signature, company, stale or
// replayed request, 400 for one that is malformed, 500 when kefu could not check (the nonce
// store failed), which WeCom retries.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox, err error) {
	status := http.StatusBadRequest
	var u unchecked
	switch {
	case errors.Is(err, wxcrypto.ErrSignature), errors.Is(err, wxcrypto.ErrReceiver),
		errors.Is(err, wxcrypto.ErrStale), errors.Is(err, wxcrypto.ErrReplay):
		status = http.StatusForbidden
	case errors.As(err, &u):
		status = http.StatusInternalServerError
	}
	a.log.InfoContext(r.Context(), "wecom: callback refused", "inbox_id", inbox.ID, "status", status, "err", kefu.PublicMessage(err))
	http.Error(w, http.StatusText(status), status)
}

// unchecked is a check kefu could not make (the nonce store failed): the callback is answered
// 500, so WeCom sends it again, rather than refused for good.
type unchecked struct{ error }

func (u unchecked) Unwrap() error { return u.error }

// uncheckedIfStore marks a replay check's failure of the store as unchecked; the guard's own
// refusals (stale, replayed, a malformed nonce) stay as they are.
func uncheckedIfStore(err error) error {
	if errors.Is(err, wxcrypto.ErrStale) || errors.Is(err, wxcrypto.ErrReplay) {
		return err
	}
	if c := kefu.ErrorCode(err); c == kefu.CodeInternal || c == kefu.CodeUnavailable {
		return unchecked{err}
	}
	return err
}

type syncPayload struct {
	Token string `json:"token,omitempty"`
}

// queueSync commits a wecom.sync job for inbox and wakes the runner.
func (a *Adapter) queueSync(ctx context.Context, inbox *kefu.Inbox, token string) error {
	payload, _ := json.Marshal(syncPayload{Token: token})
	j := &kefu.Job{OrgID: inbox.OrgID, Kind: JobSync, Ref: inbox.ID, Payload: payload, MaxAttempts: jobAttempts, RunAt: a.now()}
	if err := a.store.InsertJob(ctx, j); err != nil {
		return err
	}
	a.notify()
	return nil
}
