package telegram

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Inbox modes: Telegram posts to kefu, or kefu polls Telegram.
const (
	modeWebhook = "webhook"
	modePolling = "polling"
)

// Configure checks and completes a Telegram inbox's configuration when an administrator
// saves it: the bot token must be one getMe accepts (BotUsername is filled from it), a webhook
// secret is generated once, and Telegram is told where updates go: setWebhook with
// {public_url}/hooks/{inbox_id} in webhook mode, deleteWebhook in polling mode (Telegram
// refuses getUpdates while a webhook is set). An empty mode is webhook when kefu has a
// public URL, else polling. next.ID must be set, on create too: it is in the webhook's URL.
func (a *Adapter) Configure(ctx context.Context, next, prev *kefu.Inbox) error {
	if next.Channel != kefu.ChannelTelegram {
		return nil
	}
	if next.Config.Telegram == nil {
		next.Config.Telegram = &kefu.TelegramChannel{}
	}
	keepSecrets(next, prev)
	if err := a.checkMode(next.Config.Telegram); err != nil {
		return err
	}
	if err := a.checkToken(ctx, next); err != nil {
		return err
	}
	if next.Secrets.WebhookSecret == "" {
		next.Secrets.WebhookSecret = newSecret()
	}
	if err := a.register(ctx, next); err != nil {
		return err
	}
	a.releaseOldBot(ctx, next, prev)
	return nil
}

// releaseOldBot takes the webhook away from the bot an inbox used before its token changed,
// so it stops posting here. Best effort: the old token may be revoked, and its posts are
// refused anyway, their secret being the old one.
func (a *Adapter) releaseOldBot(ctx context.Context, next, prev *kefu.Inbox) {
	if prev == nil || prev.Secrets.BotToken == "" || prev.Secrets.BotToken == next.Secrets.BotToken {
		return
	}
	if err := a.api.deleteWebhook(ctx, prev.Secrets.BotToken); err != nil {
		a.log.InfoContext(ctx, "telegram: the previous bot's webhook was not deleted", "inbox_id", next.ID, "err", err)
	}
}

// keepSecrets keeps prev's token and webhook secret where next leaves them empty. A new
// token gets a new webhook secret, even when next came with prev's (the inbox API merges the
// stored secrets in): the old bot may still post to this inbox's hook, and its updates must
// not be taken for the new bot's.
func keepSecrets(next, prev *kefu.Inbox) {
	if prev == nil {
		return
	}
	ns, ps := &next.Secrets, prev.Secrets
	if ns.BotToken == "" {
		ns.BotToken = ps.BotToken
	}
	sameBot := ns.BotToken == ps.BotToken
	switch {
	case sameBot && ns.WebhookSecret == "":
		ns.WebhookSecret = ps.WebhookSecret
	case !sameBot && ns.WebhookSecret == ps.WebhookSecret:
		ns.WebhookSecret = "" // Configure generates a new one
	}
}

func (a *Adapter) checkMode(c *kefu.TelegramChannel) error {
	switch {
	case c.Mode == "" && a.publicURL != "":
		c.Mode = modeWebhook
	case c.Mode == "":
		c.Mode = modePolling
	case c.Mode == modeWebhook && a.publicURL == "":
		return kefu.FieldError("config.telegram.mode",
			"webhook mode needs the server's public_url, where Telegram posts updates; set public_url or choose polling")
	case c.Mode != modeWebhook && c.Mode != modePolling:
		return kefu.FieldError("config.telegram.mode", "mode must be webhook or polling")
	}
	return nil
}

// checkToken asks getMe who the token belongs to. A token Telegram refuses is the
// administrator's to fix; Telegram not answering is not.
func (a *Adapter) checkToken(ctx context.Context, in *kefu.Inbox) error {
	tok := in.Secrets.BotToken
	if tok == "" {
		return kefu.FieldError("secrets.bot_token", "a Telegram inbox needs the bot token @BotFather gave")
	}
	me, err := a.api.getMe(ctx, tok)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Code >= 400 && ae.Code < 500:
		return kefu.FieldError("secrets.bot_token", "Telegram refused the bot token (%s); copy it again from @BotFather", ae.Description)
	case err != nil:
		return unreachable(err)
	case !me.IsBot:
		return kefu.FieldError("secrets.bot_token", "the token does not belong to a bot")
	}
	in.Config.Telegram.BotUsername = me.Username
	return nil
}

// register points Telegram at kefu's webhook, or takes the webhook away for polling.
func (a *Adapter) register(ctx context.Context, in *kefu.Inbox) error {
	tok := in.Secrets.BotToken
	if in.Config.Telegram.Mode == modePolling {
		if err := a.api.deleteWebhook(ctx, tok); err != nil {
			return unreachable(err)
		}
		return nil
	}
	if !kefu.ValidID(in.ID) {
		return kefu.Internal(errors.New("telegram: configure webhook of an inbox without an id"))
	}
	err := a.api.setWebhook(ctx, tok, a.publicURL+"/hooks/"+in.ID, in.Secrets.WebhookSecret)
	var ae *apiError
	if errors.As(err, &ae) && ae.Code == 400 {
		return kefu.FieldError("config.telegram.mode", "Telegram refused the webhook (%s); public_url must be https on port 443, 80, 88 or 8443, or choose polling", ae.Description)
	}
	if err != nil {
		return unreachable(err)
	}
	return nil
}

// unreachable is Telegram failing to answer while an administrator saves the inbox.
func unreachable(err error) error {
	e := kefu.Errorf(kefu.CodeUnavailable, "Telegram could not be reached to check the bot; try again")
	e.Err = err
	return e
}

// newSecret is a webhook secret_token: 32 random bytes in Telegram's alphabet (A-Z a-z 0-9 _ -).
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
