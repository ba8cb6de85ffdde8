package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Routing rules: the organisation's ordered "conversations like this go to that target".

type routingRulesOutput struct {
	Body struct {
		Rules []kefu.RoutingRule `json:"rules" doc:"In the order they are tried; the default rule last"`
	}
}

func rulesOutput(rules []kefu.RoutingRule) *routingRulesOutput {
	out := &routingRulesOutput{}
	out.Body.Rules = rules
	return out
}

func (s *server) listRoutingRules(ctx context.Context, _ *struct{}) (*routingRulesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := s.Admin.ListRoutingRules(ctx, actor)
	if err != nil {
		return nil, err
	}
	return rulesOutput(rules), nil
}

type routingRuleOutput struct {
	Status int
	Body   *kefu.RoutingRule
}

type createRoutingRuleInput struct {
	Body struct {
		Name       string              `json:"name" minLength:"1" maxLength:"100"`
		Enabled    *bool               `json:"enabled,omitempty" doc:"Default true"`
		Conditions kefu.RuleConditions `json:"conditions,omitempty" doc:"Empty conditions match every conversation"`
		Target     kefu.RoutingTarget  `json:"target"`
		Priority   kefu.Priority       `json:"priority,omitempty" enum:"none,low,medium,high,urgent" doc:"Default none"`
		Overflow   *kefu.Overflow      `json:"overflow,omitempty" doc:"Omit for no overflow"`
	}
}

func (s *server) createRoutingRule(ctx context.Context, in *createRoutingRuleInput) (*routingRuleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	r, err := s.Admin.CreateRoutingRule(ctx, actor, admin.RoutingRuleInput{Name: b.Name, Enabled: b.Enabled,
		Conditions: b.Conditions, Target: b.Target, Priority: b.Priority, Overflow: b.Overflow})
	if err != nil {
		return nil, err
	}
	return &routingRuleOutput{Status: 201, Body: r}, nil
}

type updateRoutingRuleInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name           *string              `json:"name,omitempty" minLength:"1" maxLength:"100"`
		Enabled        *bool                `json:"enabled,omitempty" doc:"The default rule cannot be disabled"`
		Conditions     *kefu.RuleConditions `json:"conditions,omitempty" doc:"Replaces the conditions whole; the default rule has none"`
		Target         *kefu.RoutingTarget  `json:"target,omitempty" doc:"Replaces the target whole"`
		Priority       *kefu.Priority       `json:"priority,omitempty" enum:"none,low,medium,high,urgent"`
		Overflow       *kefu.Overflow       `json:"overflow,omitempty" doc:"Replaces the overflow whole"`
		RemoveOverflow bool                 `json:"remove_overflow,omitempty" doc:"true drops the overflow"`
	}
}

func (s *server) updateRoutingRule(ctx context.Context, in *updateRoutingRuleInput) (*routingRuleOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	r, err := s.Admin.UpdateRoutingRule(ctx, actor, in.ID, admin.RoutingRulePatch{Name: b.Name, Enabled: b.Enabled,
		Conditions: b.Conditions, Target: b.Target, Priority: b.Priority, Overflow: b.Overflow, RemoveOverflow: b.RemoveOverflow})
	if err != nil {
		return nil, err
	}
	return &routingRuleOutput{Status: 200, Body: r}, nil
}

func (s *server) deleteRoutingRule(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteRoutingRule(ctx, actor, in.ID)
}

type reorderRoutingRulesInput struct {
	Body struct {
		IDs []string `json:"ids" maxItems:"100" doc:"Every rule except the default, in the new order"`
	}
}

func (s *server) reorderRoutingRules(ctx context.Context, in *reorderRoutingRulesInput) (*routingRulesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := s.Admin.ReorderRoutingRules(ctx, actor, in.Body.IDs)
	if err != nil {
		return nil, err
	}
	return rulesOutput(rules), nil
}

// Descriptions of the routing rule operations in the OpenAPI document.
const (
	docListRoutingRules = "The organisation's routing rules in the order they are tried: the first enabled rule " +
		"whose conditions all hold sends the conversation to its target at its priority; the default rule " +
		"(is_default, no conditions) is always last and catches the rest. Needs settings.manage or conversations.assign."
	docCreateRoutingRule = "Adds a rule, tried after the existing rules and before the default. Conditions: every " +
		"non-empty list must contain the conversation's value (at most 50 values each; inboxes must be the " +
		"organisation's, channels known). Target: team and/or skills (at most 10, levels 1-5) and a policy. " +
		"Overflow after 1-86400 seconds widens to a team or drops the skills. At most 100 rules. Needs settings.manage."
	docUpdateRoutingRule = "Changes a rule; omitted fields stay. The default rule's target, priority and overflow " +
		"may change, but it keeps no conditions and stays enabled. Needs settings.manage."
	docDeleteRoutingRule   = "Deletes a rule; the default rule cannot be deleted (409). Needs settings.manage."
	docReorderRoutingRules = "Sets the order rules are tried in: ids must list every rule except the default " +
		"exactly once; the default stays last. Answers the rules in their new order. Needs settings.manage."
)
