package wxcrypto

import "github.com/kefu-dev/kefu/internal/kefu"

// KeepSecrets keeps prev's WeChat secrets (AppSecret, callback token, EncodingAESKey) where
// next leaves them empty: the inbox API never returns secrets, so an update that does not
// change one sends it empty. prev is nil on create.
func KeepSecrets(next, prev *kefu.Inbox) {
	if prev == nil {
		return
	}
	ns, ps := &next.Secrets, prev.Secrets
	for _, f := range []struct{ n, p *string }{
		{&ns.AppSecret, &ps.AppSecret}, {&ns.CallbackToken, &ps.CallbackToken}, {&ns.EncodingAESKey, &ps.EncodingAESKey},
	} {
		if *f.n == "" {
			*f.n = *f.p
		}
	}
}

// FillCallbackSecrets generates the callback token and the EncodingAESKey an administrator
// left empty, for them to paste into the platform's console (the inbox API returns them once).
// What is set is left as it is, for the caller to check.
func FillCallbackSecrets(s *kefu.ChannelSecrets) {
	if s.CallbackToken == "" {
		s.CallbackToken = GenerateToken()
	}
	if s.EncodingAESKey == "" {
		s.EncodingAESKey = GenerateEncodingAESKey()
	}
}
