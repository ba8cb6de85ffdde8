package telegram

import (
	"context"
	"io"
	"regexp"
)

// tokenPattern is the shape of a BotFather token ("123456:ABC-def_..."). The token becomes a
// URL path segment, so anything else (a slash, a query) is refused before it reaches one.
var tokenPattern = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)

// validToken reports whether s has the shape of a bot token.
func validToken(s string) bool { return tokenPattern.MatchString(s) }

// allowedUpdates are the update types kefu asks for; Telegram drops the others for us.
var allowedUpdates = []string{"message", "edited_message"}

func (c *client) getMe(ctx context.Context, token string) (*user, error) {
	var me user
	return &me, c.call(ctx, token, "getMe", struct{}{}, &me)
}

func (c *client) setWebhook(ctx context.Context, token, hookURL, secret string) error {
	return c.call(ctx, token, "setWebhook", map[string]any{
		"url": hookURL, "secret_token": secret, "allowed_updates": allowedUpdates,
	}, nil)
}

// deleteWebhook switches the bot to getUpdates, keeping the updates Telegram holds.
func (c *client) deleteWebhook(ctx context.Context, token string) error {
	return c.call(ctx, token, "deleteWebhook", map[string]any{"drop_pending_updates": false}, nil)
}

// getUpdates long-polls for updates from offset on, waiting up to timeoutSec seconds.
func (c *client) getUpdates(ctx context.Context, token string, offset int64, timeoutSec int) ([]update, error) {
	var ups []update
	err := c.call(ctx, token, "getUpdates", map[string]any{
		"offset": offset, "timeout": timeoutSec, "allowed_updates": allowedUpdates,
	}, &ups)
	return ups, err
}

// openFile downloads a file by its file_id: getFile, then the file itself.
func (c *client) openFile(ctx context.Context, token, fileID string) (io.ReadCloser, error) {
	var fi fileInfo
	if err := c.call(ctx, token, "getFile", map[string]string{"file_id": fileID}, &fi); err != nil {
		return nil, err
	}
	return c.download(ctx, token, fi.FilePath)
}

func (c *client) sendMessage(ctx context.Context, token, chatID, text string) (*sentMessage, error) {
	var m sentMessage
	return &m, c.call(ctx, token, "sendMessage", map[string]string{"chat_id": chatID, "text": text}, &m)
}

// sendFile uploads a file with sendPhoto (field "photo") or sendDocument ("document").
func (c *client) sendFile(ctx context.Context, token, method, field, chatID, caption, fileName string, r io.Reader) (*sentMessage, error) {
	fields := map[string]string{"chat_id": chatID}
	if caption != "" {
		fields["caption"] = caption
	}
	var m sentMessage
	return &m, c.upload(ctx, token, method, fields, field, fileName, r, &m)
}
