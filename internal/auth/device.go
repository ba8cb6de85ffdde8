package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// DeviceTTL is how long a known-device cookie stays valid after the sign-in that issued or
// renewed it.
const DeviceTTL = 90 * 24 * time.Hour

// A known-device cookie (OWASP's "device cookie") marks a browser that signed in to an account
// before. Its attempts on that account skip the address and account counters and answer only to
// a counter of their own, so an attacker guessing at an account or flooding an office's shared
// address locks out strangers, not the people who work there. The value is
// "<agent id>.<device id>.<expiry unix>.<mac>", the MAC keyed by a key derived from the server
// secret: every kefu process accepts it, and nobody else can forge one or move it to another
// account.

// issueDevice returns the cookie value for agentID's device (a new device id when device is
// "") and when it expires.
func (s *Service) issueDevice(agentID, device string) (string, time.Time) {
	if device == "" {
		device = randomString(16)
	}
	expires := s.now().Add(DeviceTTL).Truncate(time.Second)
	body := agentID + "." + device + "." + strconv.FormatInt(expires.Unix(), 10)
	return body + "." + s.deviceMAC(body), expires
}

// knownDevice returns the device id of cookie when it is an unexpired device cookie of agentID,
// and "" otherwise.
func (s *Service) knownDevice(cookie, agentID string) string {
	parts := strings.Split(cookie, ".")
	if len(parts) != 4 || agentID == "" || parts[0] != agentID || parts[1] == "" {
		return ""
	}
	body := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(parts[3]), []byte(s.deviceMAC(body))) {
		return ""
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || !s.now().Before(time.Unix(exp, 0)) {
		return ""
	}
	return parts[1]
}

func (s *Service) deviceMAC(body string) string {
	m := hmac.New(sha256.New, s.deviceKey)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
