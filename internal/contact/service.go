package contact

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Service implements the contact use cases.
type Service struct {
	store   Store
	log     *slog.Logger
	now     func() time.Time
	pii     PIIPolicies // nil: contacts are never masked
	auditor Auditor     // nil: reveals are refused
	// merges and mergeAudit serve merging (WithMerging); nil: merging is unavailable.
	merges     MergeStore
	mergeAudit MergeAuditor
}

// Option configures a Service beyond its store.
type Option func(*Service)

// WithPII masks contact fields for agents while an inbox of the organisation masks personal
// data, and lets agents with pii.reveal reveal them, audited by a.
func WithPII(p PIIPolicies, a Auditor) Option {
	return func(s *Service) { s.pii, s.auditor = p, a }
}

// New returns a Service.
func New(st Store, log *slog.Logger, now func() time.Time, opts ...Option) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Service{store: st, log: log, now: now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Limits on what a profile may hold.
const (
	maxAttributes     = 50
	maxAttributeKey   = 64
	maxAttributeValue = 1024
	maxProfileField   = 200
)

// Patch changes a contact's profile; nil fields stay as they are. Attributes are merged: a key
// with an empty value is removed.
type Patch struct {
	Name  *string
	Email *string
	Phone *string
	// Level is the contact's level (e.g. vip), a routing condition: agents and the API set it,
	// and a signed identity's "level" attribute; never the visitor's own unsigned word.
	Level      *string
	Attributes map[string]string
}

// Get returns a contact to an agent of its organisation.
func (s *Service) Get(ctx context.Context, actor kefu.Actor, id string) (*kefu.Contact, error) {
	if err := requirePerm(actor, kefu.PermContactsView); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	if err := s.mustSee(ctx, actor, id); err != nil {
		return nil, err
	}
	c, err := s.store.GetContact(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	return c, s.maskForAgents(ctx, c)
}

// mustSee answers not found when a team-scoped agent has no conversation with the contact
// that they may see: the contact is outside their teams' work.
func (s *Service) mustSee(ctx context.Context, actor kefu.Actor, id string) error {
	if actor.Scope == nil {
		return nil
	}
	page, _, err := s.store.ListContacts(ctx, actor.OrgID, kefu.ContactQuery{ID: id, Scope: actor.Scope, Limit: 1})
	if err != nil {
		return err
	}
	if len(page) == 0 {
		return kefu.ErrNotFound
	}
	return nil
}

// List searches an organisation's contacts by name, email or phone.
func (s *Service) List(ctx context.Context, actor kefu.Actor, q kefu.ContactQuery) ([]kefu.Contact, string, error) {
	if err := requirePerm(actor, kefu.PermContactsView); err != nil {
		return nil, "", err
	}
	q.Scope = actor.Scope
	cs, next, err := s.store.ListContacts(ctx, actor.OrgID, q)
	if err != nil {
		return nil, "", err
	}
	for i := range cs {
		if err := s.maskForAgents(ctx, &cs[i]); err != nil {
			return nil, "", err
		}
	}
	return cs, next, nil
}

// Update edits a contact's profile as an agent.
func (s *Service) Update(ctx context.Context, actor kefu.Actor, id string, p Patch) (*kefu.Contact, error) {
	if err := requirePerm(actor, kefu.PermContactsEdit); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	if err := s.mustSee(ctx, actor, id); err != nil {
		return nil, err
	}
	c, err := s.store.GetContact(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if err := s.keepMasked(ctx, c, &p); err != nil {
		return nil, err
	}
	if c, err = s.update(ctx, actor.OrgID, id, p); err != nil {
		return nil, err
	}
	return c, s.maskForAgents(ctx, c)
}

// UpdateOwn lets a widget visitor fill in their own profile (the pre-chat form, setUser's
// fields, setAttributes). It only ever touches the visitor's own contact, and never what routing
// trusts: the level and the signed attributes are the host site's word, not the visitor's.
func (s *Service) UpdateOwn(ctx context.Context, actor kefu.Actor, p Patch) (*kefu.Contact, error) {
	if !actor.IsVisitor() {
		return nil, kefu.ErrNotFound
	}
	if p.Level != nil {
		return nil, kefu.FieldError("level", "a visitor cannot set their own level")
	}
	if err := CheckOwnAttributes(p.Attributes); err != nil {
		return nil, err
	}
	return s.update(ctx, actor.OrgID, actor.ContactID, p)
}

// CheckOwnAttributes refuses attributes a visitor may not write about themselves: keys with the
// signed prefix, which only a setUser signed with the inbox's identity secret writes.
func CheckOwnAttributes(attrs map[string]string) error {
	for k := range attrs {
		if strings.HasPrefix(k, kefu.SignedAttributePrefix) {
			return kefu.FieldError("attributes", "attribute names starting with %q are kept for signed setUser attributes", kefu.SignedAttributePrefix)
		}
	}
	return nil
}

func (s *Service) update(ctx context.Context, orgID, id string, p Patch) (*kefu.Contact, error) {
	c, err := s.store.GetContact(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if err := apply(c, p); err != nil {
		return nil, err
	}
	if err := s.store.UpdateContact(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// apply validates p and writes it into c.
func apply(c *kefu.Contact, p Patch) error {
	if p.Name != nil {
		name, err := profileField("name", *p.Name)
		if err != nil {
			return err
		}
		c.Name = name
	}
	if p.Email != nil {
		email, err := normaliseEmail(*p.Email)
		if err != nil {
			return err
		}
		c.Email = email
	}
	if p.Phone != nil {
		phone, err := normalisePhone(*p.Phone)
		if err != nil {
			return err
		}
		c.Phone = phone
	}
	if p.Level != nil {
		level, err := contactLevel(*p.Level)
		if err != nil {
			return err
		}
		c.Level = level
	}
	return mergeAttributes(c, p.Attributes)
}

func profileField(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxProfileField {
		return "", kefu.FieldError(field, "%s must be valid text of at most %d characters", field, maxProfileField)
	}
	return v, nil
}

// contactLevel trims a level and refuses one routing could not compare: too long, or with
// control characters.
func contactLevel(v string) (string, error) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > kefu.MaxRoutingAttr ||
		strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", kefu.FieldError("level", "level must be text of at most %d characters", kefu.MaxRoutingAttr)
	}
	return v, nil
}

func normaliseEmail(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || len(v) > maxProfileField {
		return "", kefu.FieldError("email", "email is not a valid address")
	}
	return strings.ToLower(v), nil
}

// normalisePhone accepts digits with the usual separators and an optional leading +.
func normalisePhone(v string) (string, error) {
	v = strings.TrimSpace(v)
	digits := 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return "", kefu.FieldError("phone", "phone may hold digits, spaces, -, ( ) and a leading +")
		}
	}
	if v != "" && (digits < 3 || digits > 20) {
		return "", kefu.FieldError("phone", "phone must have 3 to 20 digits")
	}
	return v, nil
}

func mergeAttributes(c *kefu.Contact, attrs map[string]string) error {
	if c.Attributes == nil {
		c.Attributes = map[string]string{}
	}
	for k, v := range attrs {
		if k == "" || len(k) > maxAttributeKey || !utf8.ValidString(k) {
			return kefu.FieldError("attributes", "attribute names must be 1 to %d bytes of text", maxAttributeKey)
		}
		if len(v) > maxAttributeValue || !utf8.ValidString(v) {
			return kefu.FieldError("attributes", "attribute %q is over %d bytes or not text", k, maxAttributeValue)
		}
		if v == "" {
			delete(c.Attributes, k)
		} else {
			c.Attributes[k] = v
		}
	}
	if len(c.Attributes) > maxAttributes {
		return kefu.FieldError("attributes", "at most %d attributes per contact", maxAttributes)
	}
	return nil
}

// requirePerm fails unless actor is an agent holding permission p; anything that is not an
// agent gets "not found", as contacts do not exist for it.
func requirePerm(actor kefu.Actor, p kefu.Permission) error {
	if !actor.IsAgent() || actor.OrgID == "" {
		return kefu.ErrNotFound
	}
	if !actor.Has(p) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the %s permission", p)
	}
	return nil
}
