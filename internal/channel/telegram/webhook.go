package telegram

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// secretHeader carries the secret_token kefu gave setWebhook; Telegram sends it with every
// update, and nobody else knows it.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// ServeWebhook takes one update Telegram posts to /hooks/{inbox_id}. The secret is checked
// before the body is read; the answer is 200 once the update is stored (or dropped as one
// kefu does not take), and 500 when storing failed, so Telegram sends it again.
func (a *Adapter) ServeWebhook(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if status := checkSecret(r, inbox); status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	u, status := a.readUpdate(w, r)
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	if err := a.handle(r.Context(), inbox, u); err != nil {
		a.log.ErrorContext(r.Context(), "telegram update not stored; Telegram will retry",
			"inbox_id", inbox.ID, "update_id", u.UpdateID, "err", err)
		http.Error(w, "update not stored", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// checkSecret compares the header with the inbox's webhook secret in constant time: 401 when
// missing, 403 when wrong (or the inbox has no secret, which no request can match), 0 when
// right.
func checkSecret(r *http.Request, inbox *kefu.Inbox) int {
	got := r.Header.Get(secretHeader)
	want := inbox.Secrets.WebhookSecret
	switch {
	case got == "":
		return http.StatusUnauthorized
	case want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1:
		return http.StatusForbidden
	}
	return 0
}

// readUpdate decodes the body, at most maxBody bytes: 413 over it, 400 when it is no update.
func (a *Adapter) readUpdate(w http.ResponseWriter, r *http.Request) (*update, int) {
	var u update
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, a.maxBody)).Decode(&u)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, http.StatusRequestEntityTooLarge
	case err != nil || u.UpdateID == 0:
		return nil, http.StatusBadRequest
	}
	return &u, 0
}
