package telegram

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Deliver sends a committed reply to the customer's private chat (whose id is their user
// id): text with sendMessage; each attachment with sendPhoto (images) or sendDocument, the
// text as the first one's caption when it fits, else as a message of its own first. The
// platform message ids are returned comma-separated.
//
// Telegram takes no idempotency key: a retry after a crash between sending and recording
// sends again, and a retry of a reply with several attachments resends the parts that went.
func (a *Adapter) Deliver(ctx context.Context, out channel.Outbound) (channel.DeliveryResult, error) {
	tok, chatID, err := target(out)
	if err != nil {
		return channel.DeliveryResult{}, err
	}
	m := out.Message
	if utf16Len(m.Content) > maxText {
		return channel.DeliveryResult{}, channel.Permanent("the reply is longer than Telegram's 4096 characters", nil)
	}
	ids, err := a.send(ctx, tok, chatID, out)
	if err != nil {
		return channel.DeliveryResult{}, deliveryError(err)
	}
	return channel.DeliveryResult{PlatformMsgID: strings.Join(ids, ",")}, nil
}

// target is the bot token and the chat to send to.
func target(out channel.Outbound) (token, chatID string, err error) {
	token = out.Inbox.Secrets.BotToken
	if token == "" {
		return "", "", channel.Permanent("the inbox has no bot token", nil)
	}
	if _, err := strconv.ParseInt(out.To.ExternalID, 10, 64); err != nil {
		return "", "", channel.Permanent("the customer has no Telegram chat", nil)
	}
	return token, out.To.ExternalID, nil
}

// send makes the calls; text goes as a caption when there is a file and it fits.
func (a *Adapter) send(ctx context.Context, tok, chatID string, out channel.Outbound) ([]string, error) {
	text, files := out.Message.Content, out.Message.Attachments
	var ids []string
	if len(files) == 0 || utf16Len(text) > maxCaption {
		sent, err := a.api.sendMessage(ctx, tok, chatID, text)
		if err != nil {
			return nil, err
		}
		ids, text = append(ids, msgID(sent)), ""
	}
	for i, f := range files {
		caption := ""
		if i == 0 {
			caption = text
		}
		sent, err := a.sendAttachment(ctx, tok, chatID, caption, f, out)
		if err != nil {
			return nil, err
		}
		ids = append(ids, msgID(sent))
	}
	return ids, nil
}

// sendAttachment uploads one attachment, streamed from kefu's blob storage.
func (a *Adapter) sendAttachment(ctx context.Context, tok, chatID, caption string, f kefu.Attachment, out channel.Outbound) (*sentMessage, error) {
	rc, err := out.OpenAttachment(ctx, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	method, field := "sendDocument", "document"
	if photoTypes[f.ContentType] {
		method, field = "sendPhoto", "photo"
	}
	return a.api.sendFile(ctx, tok, method, field, chatID, caption, f.FileName, rc)
}

// photoTypes go with sendPhoto, which Telegram recompresses and shows inline; a GIF goes as a
// document, which keeps it animated.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

func msgID(m *sentMessage) string { return strconv.FormatInt(m.MessageID, 10) }

// utf16Len counts text as Telegram limits it: in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// deliveryError tells the job runner what a failure means: a 429 waits as long as Telegram
// says, 5xx and no answer are retried, and any other refusal (400 chat not found, 403 bot
// was blocked by the user, 401 token revoked) is permanent, with Telegram's description as the
// reason the agent reads.
func deliveryError(err error) error {
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Code == 429:
		return channel.Temporary("Telegram rate limit: "+ae.Description, ae.RetryAfter, err)
	case errors.As(err, &ae) && (ae.Code >= 500 || ae.Code < 400):
		// A 5xx, or an answer that was no Bot API answer (a proxy's page with 200).
		return channel.Temporary("Telegram failed: "+ae.Description, 0, err)
	case errors.As(err, &ae):
		return channel.Permanent(ae.Description, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return channel.Temporary("Telegram could not be reached", 0, err)
}
