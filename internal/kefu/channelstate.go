package kefu

import "time"

// PlatformToken is a platform's access token (WeChat's access_token) shared by every kefu
// process through the database: one process refreshes it at a time, the others read it. The
// token is stored sealed under the keyring.
type PlatformToken struct {
	// Key names the credential it was issued for: the channel type and account, e.g.
	// "wechat:wx1234…" or "wecom:ww5678…:<agent secret hash>".
	Key       string
	Token     string
	ExpiresAt time.Time
	// RefreshingUntil is the lease of the process fetching a new token; zero when none is.
	RefreshingUntil time.Time
}

// StagedInbound is a platform message kefu has taken from its platform and committed, but not
// yet turned into a conversation message: a pulled page is staged in the transaction that
// moves the pull cursor past it, so a crash between pages neither loses nor repeats a message.
type StagedInbound struct {
	Seq      int64 // the staging order; messages are received in it
	InboxID  string
	MsgID    string // the platform's message id: a message staged twice is kept once
	Payload  []byte // the platform's message, as the adapter will read it back
	StagedAt time.Time
}
