package channel

import (
	"context"
	"net/http"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Webhooks is implemented by an adapter whose platform pushes to kefu over HTTP (Telegram's
// webhook). The HTTP server routes /hooks/{inbox_id} (any method) to the adapter of the inbox's
// channel type with the inbox it found by id, secrets opened; the adapter verifies the
// platform's signature or secret before it parses anything, answers the platform itself, and
// hands messages to its Receiver. A request for an inbox that does not exist, or whose type
// has no Webhooks, is answered 404 before an adapter sees it.
type Webhooks interface {
	ServeWebhook(w http.ResponseWriter, r *http.Request, inbox *kefu.Inbox)
}

// Runner is implemented by an adapter with work of its own to do while the server runs: an
// IMAP connection per email inbox, Telegram long polling. cmd/kefu starts Run once per process
// after the store is open and cancels ctx at shutdown before the store closes; Run returns when
// its work has stopped. A runner learns of new, changed and deleted inboxes by asking its
// InboxSource again on a short poll.
type Runner interface {
	Run(ctx context.Context) error
}

// InboxSource lists the inboxes of one channel type across every organisation, secrets opened:
// what a Runner serves. The inbox service satisfies it.
type InboxSource interface {
	InboxesOfChannel(ctx context.Context, t kefu.ChannelType) ([]kefu.Inbox, error)
}

// Configurer is implemented by an adapter that checks and completes an inbox's channel
// configuration when an administrator creates or changes it: required fields, a bot token
// that getMe accepts (filling BotUsername), a webhook to register, a secret to generate. It
// returns a kefu.FieldError naming the field at fault. prev is the stored inbox on an update
// (nil on create); secrets left empty in next keep prev's.
type Configurer interface {
	Configure(ctx context.Context, next, prev *kefu.Inbox) error
}

// Jobs is implemented by an adapter with durable jobs of its own (WeCom's pull of new messages
// after its callback said there are some): cmd/kefu registers each kind's handler with the job
// runner before it starts. Kinds begin with the channel type ("wecom.sync").
type Jobs interface {
	JobHandlers() map[string]func(ctx context.Context, j kefu.Job) error
}
