package admin

import (
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// SecretsPatch changes an inbox's channel credentials. They are write-only: a value given
// replaces the stored one, a value left empty keeps it (so a settings form need not know the
// secrets it cannot show), and Clear names the ones to remove.
type SecretsPatch struct {
	Set   kefu.ChannelSecrets
	Clear []string // imap_password, smtp_password, bot_token, webhook_secret, api_secret
}

// channelSecretNames are the credentials an inbox of channel ch may hold.
func channelSecretNames(ch kefu.ChannelType) []string {
	switch ch {
	case kefu.ChannelEmail:
		return []string{"imap_password", "smtp_password"}
	case kefu.ChannelTelegram:
		return []string{"bot_token", "webhook_secret"}
	case kefu.ChannelAPI:
		return []string{"api_secret"}
	case kefu.ChannelWeChat, kefu.ChannelWeCom, kefu.ChannelMiniProgram:
		return []string{"app_secret", "callback_token", "encoding_aes_key"}
	}
	return nil
}

// secretField is the field of s a secret's name stands for; nil for an unknown name.
func secretField(s *kefu.ChannelSecrets, name string) *string {
	switch name {
	case "imap_password":
		return &s.IMAPPassword
	case "smtp_password":
		return &s.SMTPPassword
	case "bot_token":
		return &s.BotToken
	case "webhook_secret":
		return &s.WebhookSecret
	case "api_secret":
		return &s.APISecret
	case "app_secret":
		return &s.AppSecret
	case "callback_token":
		return &s.CallbackToken
	case "encoding_aes_key":
		return &s.EncodingAESKey
	}
	return nil
}

// applySecrets returns stored changed by p, refusing a secret the channel does not take.
func applySecrets(ch kefu.ChannelType, stored kefu.ChannelSecrets, p SecretsPatch) (kefu.ChannelSecrets, error) {
	allowed := channelSecretNames(ch)
	for _, name := range p.Set.Names() {
		if !slices.Contains(allowed, name) {
			return stored, kefu.FieldError("secrets."+name, "a %s inbox has no %s", ch, name)
		}
		v := *secretField(&p.Set, name)
		if err := checkSecret("secrets."+name, v); err != nil {
			return stored, err
		}
		*secretField(&stored, name) = v
	}
	for _, name := range p.Clear {
		if !slices.Contains(allowed, name) {
			return stored, kefu.FieldError("clear_secrets", "a %s inbox has no %q secret; it has %v", ch, name, allowed)
		}
		*secretField(&stored, name) = ""
	}
	return stored, requiredSecrets(ch, stored)
}

// checkSecret refuses what no real credential looks like; a secret is never trimmed or
// otherwise changed, so what was pasted is what is used.
func checkSecret(field, v string) error {
	if len(v) > maxSecretLen {
		return kefu.FieldError(field, "%s must be at most %d bytes", field, maxSecretLen)
	}
	return checkText(field, v, false)
}

// requiredSecrets refuses a channel left without the credential it cannot work without. Mail
// passwords are optional: a local relay may take mail without one.
func requiredSecrets(ch kefu.ChannelType, s kefu.ChannelSecrets) error {
	switch {
	case ch == kefu.ChannelTelegram && s.BotToken == "":
		return kefu.FieldError("secrets.bot_token", "a Telegram inbox needs its bot's token (from @BotFather)")
	case isWeChatFamily(ch) && s.AppSecret == "":
		return kefu.FieldError("secrets.app_secret", "a %s inbox needs its AppSecret (the Secret of the WeCom application) to fetch access tokens", ch)
	}
	return nil
}

// shownOnce are the secrets kefu generates for an administrator to hand on (the API channel's
// signing secret, for the integrator's bridge; a WeChat inbox's callback token and
// EncodingAESKey, for the platform's console): returned in the response of the change that
// made them, never again. Others kefu generates (Telegram's webhook secret) stay between kefu
// and the platform.
func shownOnce() []string { return []string{"api_secret", "callback_token", "encoding_aes_key"} }

// isWeChatFamily reports whether ch is one of the WeChat platforms, which share callback
// credentials.
func isWeChatFamily(ch kefu.ChannelType) bool {
	return ch == kefu.ChannelWeChat || ch == kefu.ChannelWeCom || ch == kefu.ChannelMiniProgram
}

// generatedSecrets returns the secrets of after that the adapter generated (set in after but
// not before Configure), of those shownOnce.
func generatedSecrets(before, after kefu.ChannelSecrets) kefu.ChannelSecrets {
	var out kefu.ChannelSecrets
	for _, name := range shownOnce() {
		v := *secretField(&after, name)
		if v != "" && v != *secretField(&before, name) {
			*secretField(&out, name) = v
		}
	}
	return out
}

// withSecretsChanged adds to an inbox's audit fields the names of the secrets p replaced or
// removed: a new password changes nothing else the log would show, yet who changed it matters.
// Never their values.
func withSecretsChanged(fields map[string]any, p *SecretsPatch) map[string]any {
	if p == nil {
		return fields
	}
	names := append(p.Set.Names(), p.Clear...)
	if len(names) == 0 {
		return fields
	}
	if fields == nil {
		fields = map[string]any{}
	}
	fields["secrets_changed"] = names
	return fields
}
