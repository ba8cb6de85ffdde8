package conversation

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// offlineLabelDescription describes the label in both shipped languages: labels are the organisation's
// data, and its agents may work in either.
const offlineLabelDescription = "Left while no agent was online: follow up by e-mail or phone · 客服离线时的留言，请通过邮件或电话跟进"

// startLabels returns the labels a new visitor conversation starts with: the offline label when
// no agent of the inbox is online, so that agents see it needs a follow-up and the widget tells
// the visitor how the reply will come.
func (s *Service) startLabels(ctx context.Context, orgID, inboxID string) ([]string, error) {
	n, err := s.availableAgents(ctx, orgID, inboxID)
	if err != nil || n > 0 {
		return nil, err
	}
	return []string{kefu.OfflineMessageLabel}, s.ensureOfflineLabel(ctx, orgID)
}

// ensureOfflineLabel creates the organisation's offline label unless it exists, so agents can
// filter by it and remove it like any label they made.
func (s *Service) ensureOfflineLabel(ctx context.Context, orgID string) error {
	labels, err := s.store.ListLabels(ctx, orgID)
	if err != nil {
		return err
	}
	for _, l := range labels {
		if l.Name == kefu.OfflineMessageLabel {
			return nil
		}
	}
	err = s.store.CreateLabel(ctx, &kefu.Label{OrgID: orgID, Name: kefu.OfflineMessageLabel, Color: "#E6A23C", Description: offlineLabelDescription})
	if kefu.ErrorCode(err) == kefu.CodeConflict {
		return nil // a concurrent start created it
	}
	return err
}
