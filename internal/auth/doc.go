// Package auth holds kefu's credential primitives: argon2id password hashes behind a
// concurrency cap, the password policy, opaque session and API-token secrets stored only as
// hashes, the server secret key and keys derived from it, visitor JWTs for the widget, verified
// widget identities, derived CSRF tokens, and the sign-in throttle with its known-device cookies.
//
// It answers "who is this?" and never "may they do that?": authorisation decisions live in the
// service packages and httpapi. Nothing here speaks HTTP.
package auth
