package oidctest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// keyID names the provider's one signing key in the JWKS and in token headers.
const keyID = "oidctest-1"

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.Issuer,
		"authorization_endpoint":                p.Issuer + "/authorize",
		"token_endpoint":                        p.Issuer + "/token",
		"jwks_uri":                              p.Issuer + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, _ *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "alg": "RS256", "use": "sig", "kid": keyID,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// authorize signs the configured user in at once and sends the browser back with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case err != nil || redirect.Scheme == "" || q.Get("client_id") != p.ClientID:
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "want response_type=code with an S256 code_challenge", http.StatusBadRequest)
		return
	}
	code := randomToken()
	p.mu.Lock()
	p.codes[code] = grant{user: p.user, clientID: p.ClientID, redirectURI: redirect.String(), nonce: q.Get("nonce"),
		challenge: q.Get("code_challenge"), expires: p.now().Add(time.Minute)}
	p.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code for an ID token, once, checking the client and the PKCE verifier.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, "unsupported_grant_type")
		return
	}
	if !p.clientAuthenticated(r) {
		tokenError(w, "invalid_client")
		return
	}
	g, ok := p.takeCode(r.PostForm.Get("code"))
	if !ok || g.redirectURI != r.PostForm.Get("redirect_uri") || !pkceMatches(g.challenge, r.PostForm.Get("code_verifier")) {
		tokenError(w, "invalid_grant")
		return
	}
	idToken, err := p.idToken(g)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": randomToken(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken,
	})
}

func (p *Provider) clientAuthenticated(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if ok { // RFC 6749 2.3.1: basic credentials are form-encoded first
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == p.ClientID && subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) == 1
}

// takeCode returns and forgets the grant of an unexpired code.
func (p *Provider) takeCode(code string) (grant, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.codes[code]
	delete(p.codes, code)
	return g, ok && p.now().Before(g.expires)
}

// idToken signs the ID token of a grant, tampered as configured.
func (p *Provider) idToken(g grant) (string, error) {
	p.mu.Lock()
	t := p.tamper
	p.mu.Unlock()
	now := p.now()
	claims := jwt.MapClaims{
		"iss": first(t.Issuer, p.Issuer), "sub": first(g.user.Subject, g.user.Email), "aud": g.clientID,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "nonce": first(t.Nonce, g.nonce),
		"email": g.user.Email, "email_verified": !g.user.Unverified, "name": g.user.Name, "groups": g.user.Groups,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = keyID
	return tok.SignedString(p.key)
}

func pkceMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return verifier != "" && subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(challenge)) == 1
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func tokenError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return b64(b)
}
