package auth

import (
	"bufio"
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DefaultPasswordMinLength is the fewest characters of a new password unless configured: NIST
// SP 800-63B asks for at least 8; 10 keeps a margin while a passphrase stays easy to type.
const DefaultPasswordMinLength = 10

// MinPasswordMinLength is the lowest minimum a policy may have.
const MinPasswordMinLength = 8

// PasswordPolicy is the rule every new password meets: long enough, not among the most common
// passwords, not the account's own e-mail address, at most passwordMaxByte bytes (bounded work
// per login) and not only whitespace. It applies when a password is set; existing ones keep
// working.
type PasswordPolicy struct {
	MinLength int // in characters; below MinPasswordMinLength means DefaultPasswordMinLength
}

// The messages of the policy's field errors. They are part of the API: the workspace shows
// them in the agent's language by recognising them (web/agent/src/lib/passwordError.ts).
const (
	msgPasswordShort  = "password must be at least %d characters"
	msgPasswordLong   = "password must be at most %d bytes"
	msgPasswordBlank  = "password must not be only whitespace"
	msgPasswordCommon = "password is one of the most common passwords"
	msgPasswordEmail  = "password must not be the e-mail address"
)

// minLength is the policy's effective minimum length.
func (p PasswordPolicy) minLength() int {
	if p.MinLength < MinPasswordMinLength {
		return DefaultPasswordMinLength
	}
	return p.MinLength
}

// AtLeast returns the policy with its minimum length raised to n when n is higher: an
// organisation may ask for more than the server, never for less.
func (p PasswordPolicy) AtLeast(n int) PasswordPolicy {
	p.MinLength = max(p.minLength(), n)
	return p
}

// Check applies the policy to pw, a new password for the account with email ("" when there is
// none yet to compare). Failures are invalid_input on field "password".
func (p PasswordPolicy) Check(pw, email string) error {
	minLen := p.minLength()
	folded := strings.ToLower(strings.TrimSpace(pw))
	switch {
	case utf8.RuneCountInString(pw) < minLen:
		return kefu.FieldError("password", msgPasswordShort, minLen)
	case len(pw) > passwordMaxByte:
		return kefu.FieldError("password", msgPasswordLong, passwordMaxByte)
	case folded == "":
		return kefu.FieldError("password", msgPasswordBlank)
	case isCommonPassword(folded):
		return kefu.FieldError("password", msgPasswordCommon)
	case email != "" && isEmailLike(folded, email):
		return kefu.FieldError("password", msgPasswordEmail)
	}
	return nil
}

// ValidatePassword applies the default policy without an e-mail to compare with.
func ValidatePassword(pw string) error { return PasswordPolicy{}.Check(pw, "") }

// isEmailLike reports whether a case-folded password is the e-mail address or its local part.
func isEmailLike(folded, email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	local, _, _ := strings.Cut(email, "@")
	return folded == email || folded == local
}

// commonPasswords is a short list of the passwords that top every published leak ranking, long
// enough to pass a length rule. It is a floor against the first guesses of any attacker, not a
// breach corpus.
//
//go:embed common_passwords.txt
var commonPasswords string

// commonSet holds commonPasswords, lower-cased, built once at start-up and only read after.
var commonSet = func() map[string]struct{} {
	set := map[string]struct{}{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswords))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = struct{}{}
		}
	}
	return set
}()

// isCommonPassword reports whether a case-folded password is on the list.
func isCommonPassword(folded string) bool {
	_, ok := commonSet[folded]
	return ok
}
