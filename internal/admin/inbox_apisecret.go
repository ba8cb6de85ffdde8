package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/webhook"
)

// RotateAPISecret replaces an API inbox's signing secret (inboxes.manage) and returns the new
// one; this answer is the only place it is shown. Requests signed with the old secret are
// refused from now on, and callbacks are signed with the new one, so the integrator updates
// both sides at once.
func (s *Service) RotateAPISecret(ctx context.Context, actor kefu.Actor, id string) (string, error) {
	ib, err := s.inboxForAdmin(ctx, actor, id)
	if err != nil {
		return "", err
	}
	if ib.Channel != kefu.ChannelAPI {
		return "", kefu.Errorf(kefu.CodeConflict, "only an API inbox has an API secret")
	}
	// Same format as webhook secrets: Standard Webhooks "whsec_" and 32 random bytes.
	ib.Secrets.APISecret = webhook.NewSecret()
	what := map[string]any{"secret": "api_secret"} // which secret, never its value
	if err := s.store.UpdateInbox(s.within(ctx, actor, ActionInboxSecretRotate, "inbox", ib.ID, nil, what), ib); err != nil {
		return "", err
	}
	s.log.InfoContext(ctx, "inbox api secret rotated", "org_id", ib.OrgID, "inbox_id", ib.ID, "by", actor.AgentID)
	return ib.Secrets.APISecret, nil
}
