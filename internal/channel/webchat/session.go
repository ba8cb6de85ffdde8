package webchat

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/channel"
	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// InboxFinder finds the inbox a widget key belongs to.
type InboxFinder interface {
	InboxByWidgetKey(ctx context.Context, key string) (*kefu.Inbox, error)
}

// Tokens issues visitor tokens and checks host-signed identities.
type Tokens interface {
	IssueVisitorToken(orgID, inboxID, contactID string) (string, time.Time, error)
}

// VerifyIdentity reports whether hash is HMAC-SHA256(secret, userID) in hex.
type VerifyIdentity func(secret, userID, hash string) bool

// Service opens widget sessions.
type Service struct {
	inboxes     InboxFinder
	contacts    channel.Contacts
	tokens      Tokens
	verify      VerifyIdentity
	verifyAttrs VerifyAttributes // nil: no setUser attributes are ever signed
	log         *slog.Logger
}

// New returns a Service; log may be nil.
func New(inboxes InboxFinder, contacts channel.Contacts, tokens Tokens, verify VerifyIdentity, verifyAttrs VerifyAttributes, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{inboxes: inboxes, contacts: contacts, tokens: tokens, verify: verify, verifyAttrs: verifyAttrs, log: log}
}

// User is a customer the host site identified with setUser.
type User struct {
	ID, Name, Email, Phone string
	Hash                   string // HMAC-SHA256(inbox identity secret, ID), hex
	// Attributes the host site says about the customer (level, region, language, plan, ...),
	// believed only when AttributesHash is HMAC-SHA256(inbox identity secret, the canonical form
	// of ID and Attributes; see auth.CanonicalAttributes) and Hash verifies too.
	Attributes     map[string]string
	AttributesHash string
}

// SessionRequest opens or resumes a visitor session.
type SessionRequest struct {
	WidgetKey  string
	VisitorKey string // the browser's key from an earlier session; "" for a new browser
	User       *User
	Attributes map[string]string // page, referrer, browser, locale, custom attributes
	ClientIP   string
	// Origin is the browser page's origin when it is another site's ("" for kefu's own pages
	// and for callers that are not browsers); the inbox's allowed_origins must admit it.
	Origin string
}

// Session is an open visitor session.
type Session struct {
	Token      string
	ExpiresAt  time.Time
	VisitorKey string // the browser keeps this to come back as the same visitor
	Verified   bool
	Contact    *kefu.Contact
	Inbox      *kefu.Inbox
	// Warnings name what the request said about the visitor that was malformed and left out
	// (say, setUser's e-mail): the session opens anyway, and the widget tells the site's developer.
	Warnings []*kefu.Error
}

// Open resolves the visitor and issues their token.
func (s *Service) Open(ctx context.Context, req SessionRequest) (*Session, error) {
	inbox, err := s.inboxes.InboxByWidgetKey(ctx, req.WidgetKey)
	if err != nil {
		return nil, err
	}
	if err := inbox.CheckOrigin(req.Origin); err != nil {
		return nil, err
	}
	id, err := s.identify(ctx, inbox, &req)
	if err != nil {
		return nil, err
	}
	var warnings []*kefu.Error
	id.profile, warnings = lenientProfile(id.profile)
	warnings = append(id.warnings, warnings...)
	c, err := s.contacts.Resolve(ctx, inbox.OrgID, kefu.ChannelWeb, id.externalID, id.verified, id.profile)
	if err != nil {
		return nil, err
	}
	token, exp, err := s.tokens.IssueVisitorToken(inbox.OrgID, inbox.ID, c.ID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	return &Session{Token: token, ExpiresAt: exp, VisitorKey: req.VisitorKey, Verified: id.verified, Contact: c, Inbox: inbox, Warnings: warnings}, nil
}

// lenientProfile drops what the contact service would refuse, naming user fields as the
// widget's setUser does (user.email), so that a host site's typo never loses the visitor the chat.
func lenientProfile(p contact.Profile) (contact.Profile, []*kefu.Error) {
	p, dropped := contact.Lenient(p)
	for i, e := range dropped {
		switch e.Field {
		case "attributes":
		case "level": // only ever a signed setUser attribute
			dropped[i] = &kefu.Error{Code: e.Code, Field: "user.attributes.level", Message: e.Message}
		default:
			dropped[i] = &kefu.Error{Code: e.Code, Field: "user." + e.Field, Message: e.Message}
		}
	}
	return p, dropped
}

type identity struct {
	externalID string
	verified   bool
	profile    contact.Profile
	warnings   []*kefu.Error // parts of the request left out, as Session.Warnings
}

// identify decides which identity the visitor has. A signed user is that user. A user whose
// hash is missing or wrong is refused when the inbox enforces identity, and is otherwise only an
// anonymous browser whose profile says who they claim to be — never a key to anyone else's
// conversations. docs/widget.md promises site owners exactly this.
func (s *Service) identify(ctx context.Context, inbox *kefu.Inbox, req *SessionRequest) (identity, error) {
	id := identity{profile: contact.Profile{Attributes: pageAttributes(req)}}
	if err := contact.CheckOwnAttributes(id.profile.Attributes); err != nil {
		id.warnings = append(id.warnings, err.(*kefu.Error))
		id.profile.Attributes = withoutSigned(id.profile.Attributes)
	}
	if u := req.User; u != nil && u.ID != "" {
		if done, err := s.identifyUser(ctx, inbox, u, &id); done || err != nil {
			return id, err
		}
	}
	if !validVisitorKey(req.VisitorKey) {
		req.VisitorKey = newVisitorKey()
	}
	id.externalID = "anon:" + hashKey(req.VisitorKey)
	return id, nil
}

// pageAttributes are what the widget reports about the visit, and the client's address.
func pageAttributes(req *SessionRequest) map[string]string {
	attrs := map[string]string{}
	for k, v := range req.Attributes {
		attrs[k] = v
	}
	if req.ClientIP != "" {
		attrs["ip"] = req.ClientIP
	}
	return attrs
}

// withoutSigned drops the keys only a signed setUser may write from what the page reported.
func withoutSigned(attrs map[string]string) map[string]string {
	for k := range attrs {
		if strings.HasPrefix(k, kefu.SignedAttributePrefix) {
			delete(attrs, k)
		}
	}
	return attrs
}

// identifyUser applies setUser: a verified user is done (true) with their attributes applied;
// an unverified one is refused where the inbox enforces identity, else their claims are kept
// and the visitor goes on as an anonymous browser (false).
func (s *Service) identifyUser(ctx context.Context, inbox *kefu.Inbox, u *User, id *identity) (bool, error) {
	id.profile.Name, id.profile.Email, id.profile.Phone = u.Name, u.Email, u.Phone
	if err := validUserID(u.ID); err != nil {
		return false, err
	}
	attrs := u.Attributes
	if errs := checkUserAttributes(attrs); len(errs) > 0 {
		id.warnings, attrs = append(id.warnings, errs...), nil
	}
	if u.Hash != "" && s.verify(inbox.IdentitySecret, u.ID, u.Hash) {
		id.externalID, id.verified = "user:"+u.ID, true
		return true, s.userAttributes(ctx, inbox, u, attrs, id)
	}
	if err := s.unverified(ctx, inbox, u.Hash != ""); err != nil {
		return false, err
	}
	id.profile.Attributes[kefu.ClaimedAttributePrefix+"user_id"] = u.ID
	claim(id.profile.Attributes, attrs)
	return false, nil
}

// unverified handles a setUser whose hash is missing or wrong: refused where the inbox enforces
// identity, else logged and let through as anonymous. A wrong hash is logged at info because it
// usually means the site signs with an old or another inbox's secret, which its owner wants to
// see; the log names the inbox only, never the hash, the secret or the claimed user.
func (s *Service) unverified(ctx context.Context, inbox *kefu.Inbox, hashGiven bool) error {
	if inbox.EnforceIdentity {
		return kefu.Errorf(kefu.CodeUnauthenticated, "the identity signature is missing or wrong")
	}
	level, reason := slog.LevelDebug, "missing_hash"
	if hashGiven {
		level, reason = slog.LevelInfo, "wrong_hash"
	}
	s.log.Log(ctx, level, "widget setUser not verified; visitor kept anonymous",
		"org_id", inbox.OrgID, "inbox_id", inbox.ID, "reason", reason)
	return nil
}

func validUserID(id string) error {
	if len(id) > 128 {
		return kefu.FieldError("user.id", "user id must be at most 128 bytes")
	}
	return nil
}

// A visitor key is a bearer secret for the browser's history, so it must carry at least 128
// bits: 22 or more base64url characters.
func validVisitorKey(k string) bool {
	if len(k) < 22 || len(k) > 128 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(k)
	return err == nil
}

func newVisitorKey() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashKey keeps raw visitor keys out of the database: a leaked table does not let anyone
// act as the visitors in it.
func hashKey(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}
