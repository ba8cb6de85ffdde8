package channel

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxExternalID bounds a sender id: the longest real ones (email addresses, scoped OpenIDs)
// are far shorter.
const maxExternalID = 255

// checkInbound refuses what only an adapter's bug produces; a customer's content is never
// refused here, only made storable (textContent).
func checkInbound(in *Inbound) error {
	s := in.Sender
	switch {
	case !kefu.ValidID(in.OrgID) || !kefu.ValidID(in.InboxID):
		return kefu.FieldError("inbox_id", "an inbound message must name its organisation and inbox")
	case s.Channel == "":
		return kefu.FieldError("sender.channel", "an inbound message must name its sender's channel")
	case s.ExternalID == "" || len(s.ExternalID) > maxExternalID || !utf8.ValidString(s.ExternalID) || strings.IndexByte(s.ExternalID, 0) >= 0:
		return kefu.FieldError("sender.external_id", "a sender id must be 1 to %d bytes of text", maxExternalID)
	case in.MessageID == "":
		return kefu.FieldError("message_id", "an inbound message needs the platform's message id")
	}
	return nil
}

// clientMsgID turns a platform message id into the message's client message id. The "p:"
// prefix keeps platform ids apart from the ids agents' clients choose in the same conversation
// (an API client's "5" is not Telegram's message 5); an id too long or not printable ASCII for
// a client id (an email's Message-ID can be) is hashed, which keeps it stable across retries.
func clientMsgID(platformID string) string {
	if len(platformID)+2 <= kefu.MaxClientMsgIDLen && printableASCII(platformID) {
		return "p:" + platformID
	}
	sum := sha256.Sum256([]byte(platformID))
	return "p#" + base64.RawURLEncoding.EncodeToString(sum[:])
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// fallbacks are the default readable texts of kinds kefu does not show; an adapter that knows
// more (a location's address, a card's title) gives its own.
var fallbacks = map[Kind]string{
	KindText:        "[empty message]",
	KindImage:       "[image]",
	KindFile:        "[file]",
	KindAudio:       "[voice message]",
	KindVideo:       "[video]",
	KindLocation:    "[location]",
	KindSticker:     "[sticker]",
	KindUnsupported: "[a message kefu cannot show]",
}

// fallback is the readable text of in's kind; an unknown kind reads as unsupported.
func fallback(in Inbound) string {
	if strings.TrimSpace(in.Fallback) != "" {
		return in.Fallback
	}
	if f, ok := fallbacks[in.Kind]; ok {
		return f
	}
	return fallbacks[KindUnsupported]
}

// textContent is the content of a message without media: a text message's text, or for any
// other kind its fallback followed by its caption.
func textContent(in Inbound) string {
	if in.Kind == KindText && strings.TrimSpace(in.Text) != "" {
		return storable(in.Text)
	}
	return joinLines(fallback(in), in.Text)
}

// mediaContent is the content of a message with media: its text, preceded by the kind's
// fallback when no attachment was kept (unless it is a text message, an email with files, say),
// and a note for each medium that was not kept.
func mediaContent(in Inbound, kept bool, notes []string) string {
	lines := []string{}
	if !kept && in.Kind != KindText {
		lines = append(lines, fallback(in))
	}
	lines = append(lines, in.Text)
	return joinLines(append(lines, notes...)...)
}

func notKeptNote(fileName string, err error) string {
	if fileName == "" {
		fileName = "a file"
	}
	return fmt.Sprintf("[%s was not kept: %s]", fileName, kefu.PublicMessage(err))
}

func skippedNote(n int) string {
	return fmt.Sprintf("[%d more attachments were not kept: at most %d per message]", n, kefu.MaxAttachments)
}

// joinLines joins the non-blank parts, one per line, made storable.
func joinLines(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return storable(strings.Join(kept, "\n"))
}

// truncatedMark ends a text cut to kefu's message size.
const truncatedMark = "\n[truncated]"

// storable makes platform text acceptable to the conversation service without refusing it:
// invalid UTF-8 is replaced, NUL removed (PostgreSQL cannot store it), and text over kefu's
// message size cut at a character boundary with a mark saying so. A platform that sends more
// (a long email) keeps its full text only in the platform.
func storable(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= kefu.MaxContentBytes {
		return s
	}
	cut := kefu.MaxContentBytes - len(truncatedMark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncatedMark
}
