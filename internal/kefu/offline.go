package kefu

import "slices"

// OfflineMessageLabel marks a conversation a visitor started while no agent of its inbox was
// online (the widget's offline form): the team follows it up later, by the contact's e-mail or
// phone. It is an organisation label like any other — shown, filtered and removed by agents
// the same way — which kefu creates on first use.
const OfflineMessageLabel = "offline_message"

// LeftOffline reports whether c carries OfflineMessageLabel.
func (c *Conversation) LeftOffline() bool {
	return slices.Contains(c.Labels, OfflineMessageLabel)
}
