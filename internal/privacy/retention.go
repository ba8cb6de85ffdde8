package privacy

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Retention returns an inbox's retention policy to those who configure inboxes.
func (s *Service) Retention(ctx context.Context, actor kefu.Actor, inboxID string) (kefu.RetentionPolicy, error) {
	if err := authorize(ctx, actor, inboxID, kefu.PermInboxesManage, s.inboxExists); err != nil {
		return kefu.RetentionPolicy{}, err
	}
	return s.store.InboxRetention(ctx, actor.OrgID, inboxID)
}

// SetRetention sets an inbox's retention policy (settings.manage, audited).
func (s *Service) SetRetention(ctx context.Context, actor kefu.Actor, inboxID string, p kefu.RetentionPolicy) (kefu.RetentionPolicy, error) {
	if err := authorize(ctx, actor, inboxID, kefu.PermSettingsManage, s.inboxExists); err != nil {
		return p, err
	}
	if err := validPolicy(p); err != nil {
		return p, err
	}
	if p.Mode == kefu.RetentionOff {
		p.Days = 0
	}
	ctx = s.audit.Within(ctx, actor, entry(actor, ActionRetentionUpdated, "inbox", inboxID,
		map[string]any{"mode": string(p.Mode), "days": p.Days}))
	return p, s.store.SetInboxRetention(ctx, actor.OrgID, inboxID, p)
}

func validPolicy(p kefu.RetentionPolicy) error {
	if !p.Mode.Valid() {
		return kefu.FieldError("mode", "mode must be off, delete or anonymise")
	}
	if p.Mode != kefu.RetentionOff && (p.Days < 1 || p.Days > kefu.MaxRetentionDays) {
		return kefu.FieldError("days", "days must be 1 to %d", kefu.MaxRetentionDays)
	}
	return nil
}

// retentionBatch is how many conversations one write of retention takes: about an ordinary
// group-commit batch's work, so message traffic never waits long behind it.
const retentionBatch = 20

// InboxRun is what one retention run did to one inbox.
type InboxRun struct {
	OrgID, InboxID string
	Mode           kefu.RetentionMode
	kefu.RetentionCounts
}

// RunRetention applies every inbox's retention as of now: at most the budget of conversations
// per inbox, in small writes, then records a retention.run entry per inbox that changed. It is
// the function a scheduler calls (today the housekeeper, later the job runner); a run that stops
// half-way is finished by the next.
func (s *Service) RunRetention(ctx context.Context, now time.Time) ([]InboxRun, error) {
	policies, err := s.store.RetentionPolicies(ctx)
	if err != nil {
		return nil, err
	}
	var runs []InboxRun
	for _, p := range policies {
		run, err := s.retainInbox(ctx, p, now)
		if run.Conversations > 0 {
			s.recordRun(ctx, run)
			runs = append(runs, run)
		}
		if err != nil {
			return runs, err
		}
	}
	return runs, nil
}

// retainInbox applies one inbox's policy, batch by batch, until nothing is left or the budget is spent.
func (s *Service) retainInbox(ctx context.Context, p kefu.InboxRetention, now time.Time) (InboxRun, error) {
	run := InboxRun{OrgID: p.OrgID, InboxID: p.InboxID, Mode: p.Policy.Mode}
	cutoff := now.AddDate(0, 0, -p.Policy.Days)
	for run.Conversations < s.budget {
		ids, err := s.store.ExpiredConversations(ctx, p.OrgID, p.InboxID, p.Policy.Mode, cutoff, min(retentionBatch, s.budget-run.Conversations))
		if err != nil || len(ids) == 0 {
			return run, err
		}
		b := kefu.RetentionBatch{OrgID: p.OrgID, InboxID: p.InboxID, Mode: p.Policy.Mode, Cutoff: cutoff, IDs: ids}
		counts, keys, err := s.store.ApplyRetention(ctx, b)
		s.deleteFiles(ctx, keys)
		run.add(counts)
		if err != nil || counts.Conversations == 0 {
			return run, err // none taken: all changed since listed; the next run sees them again
		}
	}
	return run, nil
}

func (r *InboxRun) add(c kefu.RetentionCounts) {
	r.Conversations += c.Conversations
	r.Attachments += c.Attachments
	r.Contacts += c.Contacts
}

func (s *Service) recordRun(ctx context.Context, r InboxRun) {
	actor := kefu.SystemActor(r.OrgID)
	s.audit.Record(ctx, actor, entry(actor, ActionRetentionRun, "inbox", r.InboxID, map[string]any{
		"mode": string(r.Mode), "conversations": r.Conversations, "attachments": r.Attachments, "contacts": r.Contacts,
	}))
}
