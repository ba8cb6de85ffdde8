package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// DefaultLabelColor is used when a label is created without a colour.
const DefaultLabelColor = "#1F93FF"

// LabelInput creates a label. An empty Color means DefaultLabelColor.
type LabelInput struct {
	Name        string
	Color       string
	Description string
}

// LabelPatch changes a label; nil fields stay as they are. A rename follows through to the
// conversations carrying the label.
type LabelPatch struct {
	Name        *string
	Color       *string
	Description *string
}

// ListLabels returns the labels of the actor's organisation.
func (s *Service) ListLabels(ctx context.Context, actor kefu.Actor) ([]kefu.Label, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.ListLabels(ctx, actor.OrgID)
}

// CreateLabel creates a label (labels.manage); names are unique in the organisation.
func (s *Service) CreateLabel(ctx context.Context, actor kefu.Actor, in LabelInput) (*kefu.Label, error) {
	if err := requirePerm(actor, kefu.PermLabelsManage); err != nil {
		return nil, err
	}
	if in.Color == "" {
		in.Color = DefaultLabelColor
	}
	l := &kefu.Label{OrgID: actor.OrgID}
	if err := applyLabelPatch(l, LabelPatch{Name: &in.Name, Color: &in.Color, Description: &in.Description}); err != nil {
		return nil, err
	}
	l.ID = newID()
	if err := s.store.CreateLabel(s.within(ctx, actor, ActionLabelCreated, "label", l.ID, nil, auditFields(l)), l); err != nil {
		return nil, err
	}
	return l, nil
}

// UpdateLabel changes a label (labels.manage).
func (s *Service) UpdateLabel(ctx context.Context, actor kefu.Actor, id string, p LabelPatch) (*kefu.Label, error) {
	l, err := s.labelForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was := auditFields(l)
	if err := applyLabelPatch(l, p); err != nil {
		return nil, err
	}
	if err := s.store.UpdateLabel(s.within(ctx, actor, ActionLabelUpdated, "label", l.ID, was, auditFields(l)), l); err != nil {
		return nil, err
	}
	return l, nil
}

// DeleteLabel deletes a label and takes it off every conversation (labels.manage).
func (s *Service) DeleteLabel(ctx context.Context, actor kefu.Actor, id string) error {
	l, err := s.labelForAdmin(ctx, actor, id)
	if err != nil {
		return err
	}
	audited := s.within(ctx, actor, ActionLabelDeleted, "label", l.ID, map[string]any{"name": l.Name}, nil)
	return s.store.DeleteLabel(audited, l.OrgID, l.ID)
}

// labelForAdmin loads a label the actor may change: not found outside the organisation,
// forbidden below admin. The store has no single-label read; an organisation has few labels.
func (s *Service) labelForAdmin(ctx context.Context, actor kefu.Actor, id string) (*kefu.Label, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	labels, err := s.store.ListLabels(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	for i := range labels {
		if labels[i].ID != id {
			continue
		}
		if err := requirePerm(actor, kefu.PermLabelsManage); err != nil {
			return nil, err
		}
		return &labels[i], nil
	}
	return nil, kefu.ErrNotFound
}

// applyLabelPatch validates p and applies it to l.
func applyLabelPatch(l *kefu.Label, p LabelPatch) error {
	var err error
	if p.Name != nil {
		if l.Name, err = cleanName("name", *p.Name, maxLabelNameLen); err != nil {
			return err
		}
	}
	if p.Color != nil {
		if l.Color, err = cleanColor("color", *p.Color); err != nil {
			return err
		}
	}
	if p.Description != nil {
		if l.Description, err = cleanText("description", *p.Description, maxDescriptionLen); err != nil {
			return err
		}
	}
	return nil
}
