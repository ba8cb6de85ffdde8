package auth

import (
	"context"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Visitor token claims. Visitors carry a JWT rather than an opaque secret so any node can check
// one without a database read on every widget connection.
const (
	visitorIssuer   = "kefu"
	visitorAudience = "widget"
	visitorLeeway   = 30 * time.Second // clock skew between nodes
)

// visitorClaims are the claims of a visitor token: sub is the contact.
type visitorClaims struct {
	Org   string `json:"org"`
	Inbox string `json:"inbox"`
	jwt.RegisteredClaims
}

// IssueVisitorToken signs a token saying the holder is contactID in orgID's inbox inboxID.
func (s *Service) IssueVisitorToken(orgID, inboxID, contactID string) (token string, expires time.Time, err error) {
	if orgID == "" || inboxID == "" || contactID == "" {
		return "", time.Time{}, kefu.Internal(errors.New("auth: a visitor token needs org, inbox and contact ids"))
	}
	now := s.now()
	expires = now.Add(s.visitorTTL)
	claims := visitorClaims{
		Org:   orgID,
		Inbox: inboxID,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    visitorIssuer,
			Audience:  jwt.ClaimStrings{visitorAudience},
			Subject:   contactID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(expires),
		},
	}
	token, err = jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.visitorKey)
	if err != nil {
		return "", time.Time{}, kefu.Internal(err)
	}
	return token, expires, nil
}

// ParseVisitorToken checks a visitor token and returns the visitor actor it names. Only HS256
// with our derived key, issuer "kefu", audience "widget" and an unexpired exp are accepted; any
// failure is unauthenticated.
func (s *Service) ParseVisitorToken(token string) (kefu.Actor, error) {
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(visitorIssuer),
		jwt.WithAudience(visitorAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(visitorLeeway),
		jwt.WithTimeFunc(s.now),
	)
	var c visitorClaims
	_, err := p.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.visitorKey, nil })
	if err != nil || c.Org == "" || c.Inbox == "" || c.Subject == "" {
		return kefu.Actor{}, errUnauthenticated()
	}
	return kefu.Actor{Kind: kefu.ActorVisitor, OrgID: c.Org, InboxID: c.Inbox, ContactID: c.Subject}, nil
}

// AuthenticateVisitor is ParseVisitorToken that also refuses the token of an erased contact:
// a visitor token is stateless, so erasure could not otherwise end it before it expires.
func (s *Service) AuthenticateVisitor(ctx context.Context, token string) (kefu.Actor, error) {
	actor, err := s.ParseVisitorToken(token)
	if err != nil || s.erased == nil {
		return actor, err
	}
	erased, err := s.erased.ContactErased(ctx, actor.OrgID, actor.ContactID)
	if err != nil {
		return kefu.Actor{}, err
	}
	if erased {
		return kefu.Actor{}, kefu.Errorf(kefu.CodeUnauthenticated, "this visitor no longer exists; start a new chat")
	}
	return actor, nil
}
