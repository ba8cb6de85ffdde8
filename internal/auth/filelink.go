package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DefaultFileLinkTTL is how long a visitor's attachment link works when nothing is configured.
const DefaultFileLinkTTL = time.Hour

// VisitorFilePath is where visitors download attachments, with a signed query.
const VisitorFilePath = "/api/v1/widget/files/"

// FileLinks signs and checks the short-lived links visitors download attachments with. A
// visitor's browser shows images with <img src>, which carries no bearer token, so the link
// itself is the credential: an HMAC over the organisation, the attachment, its conversation
// (which is one contact's, in one inbox) and an expiry. A link stops working when it expires,
// and cannot be bent to another attachment or conversation.
type FileLinks struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewFileLinks returns links signed with a key derived from the master secret, valid for ttl
// (zero = DefaultFileLinkTTL); now is the clock (nil = time.Now).
func NewFileLinks(master []byte, ttl time.Duration, now func() time.Time) *FileLinks {
	if ttl <= 0 {
		ttl = DefaultFileLinkTTL
	}
	if now == nil {
		now = time.Now
	}
	return &FileLinks{key: DeriveKey(master, "visitor-file-link"), ttl: ttl, now: now}
}

var _ kefu.AttachmentLinker = (*FileLinks)(nil)

// VisitorURL implements kefu.AttachmentLinker. The expiry is rounded up to a sixth of the
// lifetime, so a page reloaded within minutes gets the same URL and the browser's cached copy.
func (l *FileLinks) VisitorURL(a *kefu.Attachment) string {
	step := l.ttl / 6
	exp := l.now().Add(l.ttl + step).Truncate(step).Unix()
	q := url.Values{}
	q.Set("org", a.OrgID)
	q.Set("conv", a.ConversationID)
	q.Set("exp", strconv.FormatInt(exp, 10))
	q.Set("sig", l.sign(a.OrgID, a.ID, a.ConversationID, exp))
	return VisitorFilePath + a.ID + "?" + q.Encode()
}

// FileLink is a visitor's download link as presented.
type FileLink struct {
	OrgID, AttachmentID, ConversationID string
	Expires                             int64 // Unix seconds
	Signature                           string
}

// Check refuses a link that is expired or not signed by this server for exactly these
// values; it returns how long the link remains valid. Both failures are the same not_found,
// so a prober learns nothing about which part was wrong.
func (l *FileLinks) Check(link FileLink) (time.Duration, error) {
	left := time.Unix(link.Expires, 0).Sub(l.now())
	want := l.sign(link.OrgID, link.AttachmentID, link.ConversationID, link.Expires)
	if left <= 0 || !hmac.Equal([]byte(want), []byte(link.Signature)) {
		return 0, kefu.Errorf(kefu.CodeNotFound, "this file link is expired or not valid; reload the conversation for a fresh one")
	}
	return left, nil
}

func (l *FileLinks) sign(org, id, conv string, exp int64) string {
	m := hmac.New(sha256.New, l.key)
	for _, part := range []string{org, id, conv, strconv.FormatInt(exp, 10)} {
		m.Write([]byte(part))
		m.Write([]byte{0}) // ids never contain NUL, so the parts cannot run together
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
