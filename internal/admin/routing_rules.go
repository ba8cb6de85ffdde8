package admin

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// RoutingRules reads and changes an organisation's ordered routing rules. ListRoutingRules
// returns them in order with the default rule last, creating the default when missing;
// CreateRoutingRule places a rule before the default and refuses one past
// kefu.MaxRoutingRules; DeleteRoutingRule refuses the default with a conflict;
// ReorderRoutingRules takes every non-default rule's id exactly once.
type RoutingRules interface {
	ListRoutingRules(ctx context.Context, orgID string) ([]kefu.RoutingRule, error)
	GetRoutingRule(ctx context.Context, orgID, id string) (*kefu.RoutingRule, error)
	CreateRoutingRule(ctx context.Context, r *kefu.RoutingRule) error
	UpdateRoutingRule(ctx context.Context, r *kefu.RoutingRule) error
	DeleteRoutingRule(ctx context.Context, orgID, id string) error
	ReorderRoutingRules(ctx context.Context, orgID string, ids []string) error
}

// Audit actions of routing rules.
const (
	ActionRoutingRuleCreated    = "routing_rule.created"
	ActionRoutingRuleUpdated    = "routing_rule.updated"
	ActionRoutingRuleDeleted    = "routing_rule.deleted"
	ActionRoutingRulesReordered = "routing_rules.reordered"
)

// RoutingRuleInput creates a routing rule.
type RoutingRuleInput struct {
	Name       string
	Enabled    *bool // nil = enabled
	Conditions kefu.RuleConditions
	Target     kefu.RoutingTarget
	Priority   kefu.Priority // "" = none
	Overflow   *kefu.Overflow
}

// RoutingRulePatch changes a routing rule; nil fields stay as they are. Conditions, Target and
// Overflow replace the whole object; RemoveOverflow drops the overflow.
type RoutingRulePatch struct {
	Name           *string
	Enabled        *bool
	Conditions     *kefu.RuleConditions
	Target         *kefu.RoutingTarget
	Priority       *kefu.Priority
	Overflow       *kefu.Overflow
	RemoveOverflow bool
}

// ListRoutingRules returns the organisation's rules in the order they are tried. Those who
// configure routing read them, and so do those who assign conversations (supervisors), who
// need to know why a conversation went where it did.
func (s *Service) ListRoutingRules(ctx context.Context, actor kefu.Actor) ([]kefu.RoutingRule, error) {
	if err := requireRulesReader(actor); err != nil {
		return nil, err
	}
	return s.store.ListRoutingRules(ctx, actor.OrgID)
}

// requireRulesReader fails unless the actor may manage settings or assign conversations.
func requireRulesReader(actor kefu.Actor) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	if !actor.Has(kefu.PermSettingsManage) && !actor.Has(kefu.PermConversationsAssign) {
		return kefu.Errorf(kefu.CodeForbidden, "this needs the settings.manage or conversations.assign permission")
	}
	return nil
}

// CreateRoutingRule adds a rule, tried after the existing ones and before the default
// (settings.manage).
func (s *Service) CreateRoutingRule(ctx context.Context, actor kefu.Actor, in RoutingRuleInput) (*kefu.RoutingRule, error) {
	if err := requirePerm(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	r := &kefu.RoutingRule{OrgID: actor.OrgID, Enabled: in.Enabled == nil || *in.Enabled}
	p := RoutingRulePatch{Name: &in.Name, Conditions: &in.Conditions, Target: &in.Target, Priority: &in.Priority,
		Overflow: in.Overflow}
	if err := s.applyRulePatch(ctx, r, p); err != nil {
		return nil, err
	}
	r.ID = newID()
	if err := s.store.CreateRoutingRule(s.within(ctx, actor, ActionRoutingRuleCreated, "routing_rule", r.ID, nil, ruleFields(r)), r); err != nil {
		return nil, err
	}
	s.rulesChanged(ctx, actor, "created", r.ID)
	return r, nil
}

// UpdateRoutingRule changes a rule (settings.manage). The default rule keeps matching
// everything and stays enabled; its target, priority and overflow may change.
func (s *Service) UpdateRoutingRule(ctx context.Context, actor kefu.Actor, id string, p RoutingRulePatch) (*kefu.RoutingRule, error) {
	r, err := s.ruleForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	was := ruleFields(r)
	if err := s.applyRulePatch(ctx, r, p); err != nil {
		return nil, err
	}
	if err := checkDefaultRule(r); err != nil {
		return nil, err
	}
	if err := s.store.UpdateRoutingRule(s.within(ctx, actor, ActionRoutingRuleUpdated, "routing_rule", r.ID, was, ruleFields(r)), r); err != nil {
		return nil, err
	}
	s.rulesChanged(ctx, actor, "updated", r.ID)
	return r, nil
}

// DeleteRoutingRule deletes a rule other than the default (settings.manage).
func (s *Service) DeleteRoutingRule(ctx context.Context, actor kefu.Actor, id string) error {
	r, err := s.ruleForAdmin(ctx, actor, id)
	if err != nil {
		return err
	}
	if r.IsDefault {
		return kefu.Errorf(kefu.CodeConflict, "the default routing rule cannot be deleted")
	}
	audited := s.within(ctx, actor, ActionRoutingRuleDeleted, "routing_rule", r.ID, ruleFields(r), nil)
	if err := s.store.DeleteRoutingRule(audited, r.OrgID, r.ID); err != nil {
		return err
	}
	s.rulesChanged(ctx, actor, "deleted", r.ID)
	return nil
}

// ReorderRoutingRules sets the order rules are tried in (settings.manage): ids lists every
// rule except the default, which stays last. It returns the rules in their new order.
func (s *Service) ReorderRoutingRules(ctx context.Context, actor kefu.Actor, ids []string) ([]kefu.RoutingRule, error) {
	if err := requirePerm(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	before, err := s.store.ListRoutingRules(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	if err := checkReorderIDs(ids, before); err != nil {
		return nil, err
	}
	audited := s.within(ctx, actor, ActionRoutingRulesReordered, "org", actor.OrgID,
		map[string]any{"order": ruleIDs(before)}, map[string]any{"order": append(append([]string{}, ids...), before[len(before)-1].ID)})
	if err := s.store.ReorderRoutingRules(audited, actor.OrgID, ids); err != nil {
		return nil, err
	}
	s.rulesChanged(ctx, actor, "reordered", "")
	return s.store.ListRoutingRules(ctx, actor.OrgID)
}

// checkReorderIDs gives the clear errors for a reorder: malformed ids, the default rule moved.
// Whether ids name exactly the other rules is decided by the store in its transaction.
func checkReorderIDs(ids []string, rules []kefu.RoutingRule) error {
	if len(ids) > kefu.MaxRoutingRules {
		return kefu.FieldError("ids", "at most %d ids", kefu.MaxRoutingRules)
	}
	def := rules[len(rules)-1].ID
	for i, id := range ids {
		if !kefu.ValidID(id) {
			return kefu.FieldError("ids", "ids[%d] %q is not a valid id", i, id)
		}
		if id == def {
			return kefu.FieldError("ids", "the default rule cannot be moved: it is always last")
		}
	}
	return nil
}

// ruleForAdmin loads a rule the actor may change: not found outside the organisation,
// forbidden without settings.manage.
func (s *Service) ruleForAdmin(ctx context.Context, actor kefu.Actor, id string) (*kefu.RoutingRule, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if !kefu.ValidID(id) {
		return nil, kefu.ErrNotFound
	}
	r, err := s.store.GetRoutingRule(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if err := requirePerm(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	return r, nil
}

// checkDefaultRule keeps the default rule a catch-all: no conditions, always enabled.
func checkDefaultRule(r *kefu.RoutingRule) error {
	if !r.IsDefault {
		return nil
	}
	if !emptyConditions(r.Conditions) {
		return kefu.FieldError("conditions", "the default rule has no conditions: it catches every conversation no other rule matches")
	}
	if !r.Enabled {
		return kefu.FieldError("enabled", "the default rule cannot be disabled")
	}
	return nil
}

// rulesChanged tells the router to reload the organisation's rules and logs the change.
func (s *Service) rulesChanged(ctx context.Context, actor kefu.Actor, what, id string) {
	s.routingChanged(actor.OrgID)
	s.log.InfoContext(ctx, "routing rules changed", "org_id", actor.OrgID, "change", what, "rule_id", id, "by", actor.AgentID)
}

// ruleFields are the fields of a rule the audit log shows.
func ruleFields(r *kefu.RoutingRule) map[string]any {
	m := auditFields(r)
	delete(m, "position")
	return m
}

func ruleIDs(rules []kefu.RoutingRule) []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

// applyRulePatch validates p's fields and applies them to r.
func (s *Service) applyRulePatch(ctx context.Context, r *kefu.RoutingRule, p RoutingRulePatch) error {
	var err error
	if p.Name != nil {
		if r.Name, err = cleanName("name", *p.Name, maxRoutingRuleNameLen); err != nil {
			return err
		}
	}
	if p.Enabled != nil {
		r.Enabled = *p.Enabled
	}
	if p.Priority != nil {
		if r.Priority, err = cleanPriority(*p.Priority); err != nil {
			return err
		}
	}
	return s.applyRuleParts(ctx, r, p)
}

// applyRuleParts validates and applies p's conditions, target and overflow.
func (s *Service) applyRuleParts(ctx context.Context, r *kefu.RoutingRule, p RoutingRulePatch) error {
	var err error
	if p.Conditions != nil {
		if r.Conditions, err = s.cleanConditions(ctx, r.OrgID, *p.Conditions); err != nil {
			return err
		}
	}
	if p.Target != nil {
		if r.Target, err = s.cleanTarget(ctx, r.OrgID, *p.Target); err != nil {
			return err
		}
	}
	if p.RemoveOverflow && p.Overflow != nil {
		return kefu.FieldError("remove_overflow", "send either overflow or remove_overflow, not both")
	}
	if p.RemoveOverflow {
		r.Overflow = nil
	}
	if p.Overflow != nil {
		r.Overflow, err = s.cleanOverflow(ctx, r.OrgID, p.Overflow)
	}
	return err
}

// routingChanged tells the router, if one listens, that the organisation's routing inputs changed.
func (s *Service) routingChanged(orgID string) {
	if s.onRouting != nil {
		s.onRouting(orgID)
	}
}
