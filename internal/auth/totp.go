package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// TwoFactorStore is the part of the store two-factor sign-in needs. *store.Store satisfies it.
type TwoFactorStore interface {
	StartTOTP(ctx context.Context, orgID, agentID, secret string) error
	GetTOTP(ctx context.Context, orgID, agentID string) (*kefu.TOTP, error)
	EnableTOTP(ctx context.Context, orgID, agentID string, step int64, recoveryHashes [][]byte) error
	UseTOTPStep(ctx context.Context, orgID, agentID string, step int64) error
	ReplaceRecoveryCodes(ctx context.Context, orgID, agentID string, hashes [][]byte) error
	UseRecoveryCode(ctx context.Context, orgID, agentID string, hash []byte) error
	CountRecoveryCodes(ctx context.Context, orgID, agentID string) (int, error)
	DeleteTOTP(ctx context.Context, orgID, agentID string) error
	GetOrg(ctx context.Context, id string) (*kefu.Org, error)
}

// TOTP parameters: what every authenticator app supports (RFC 6238 defaults).
const (
	totpPeriod = 30 * time.Second
	totpDigits = otp.DigitsSix
	totpIssuer = "kefu"
	// totpSkew is how many steps either side of now a code is accepted for: phone clocks drift.
	totpSkew = 1
)

// TOTPEnrolment is what an agent needs to add kefu to an authenticator app.
type TOTPEnrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL, what the QR code encodes
	QRCode string // data:image/png;base64,... of the URL
}

// totpOptions are the validation options for codes at time t.
func totpOptions() totp.ValidateOpts {
	return totp.ValidateOpts{Period: uint(totpPeriod / time.Second), Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}
}

// newTOTPKey generates a fresh secret for account (the agent's e-mail).
func newTOTPKey(account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{
		Issuer: totpIssuer, AccountName: account, Period: uint(totpPeriod / time.Second),
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1,
	})
}

// qrDataURL renders key's otpauth URL as a PNG data URL, so the page shows it without any
// third-party QR service seeing the secret.
func qrDataURL(key *otp.Key) (string, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// matchTOTP returns the time step whose code equals code, within totpSkew steps of now, and
// false when none does.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != totpDigits.Length() {
		return 0, false
	}
	step := now.Unix() / int64(totpPeriod/time.Second)
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		at := time.Unix((step+d)*int64(totpPeriod/time.Second), 0)
		want, err := totp.GenerateCodeCustom(secret, at, totpOptions())
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d, true
		}
	}
	return 0, false
}
