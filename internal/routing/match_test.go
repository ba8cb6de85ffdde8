package routing

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func rule(id string, pos int, c kefu.RuleConditions) kefu.RoutingRule {
	return kefu.RoutingRule{ID: id, OrgID: "org", Name: id, Position: pos, Enabled: true, Conditions: c}
}

func TestMatch(t *testing.T) {
	def := kefu.RoutingRule{ID: "def", OrgID: "org", Position: 99, Enabled: true, IsDefault: true}
	refund := rule("refund", 0, kefu.RuleConditions{InquiryTypes: []string{"退款", "Refund"}})
	vip := rule("vip", 1, kefu.RuleConditions{ContactLevels: []string{"vip"}})
	vipCN := rule("vip-cn", 2, kefu.RuleConditions{ContactLevels: []string{"vip"}, Regions: []string{"CN-GD", "cn-bj"}})
	en := rule("en", 3, kefu.RuleConditions{Languages: []string{"en"}})
	closed := rule("closed", 4, kefu.RuleConditions{BusinessHours: kefu.HoursClosed})
	open := rule("open", 5, kefu.RuleConditions{BusinessHours: kefu.HoursOpen, Channels: []kefu.ChannelType{"telegram"}})
	label := rule("label", 6, kefu.RuleConditions{Labels: []string{"complaint", "legal"}})
	inbox := rule("inbox", 7, kefu.RuleConditions{InboxIDs: []string{"in_2"}})
	disabled := rule("disabled", -1, kefu.RuleConditions{})
	disabled.Enabled = false
	all := []kefu.RoutingRule{def, inbox, label, open, closed, en, vipCN, vip, refund, disabled}
	tests := []struct {
		name  string
		rules []kefu.RoutingRule
		a     Attrs
		want  string
	}{
		{"no rules: built-in default", nil, Attrs{InquiryType: "退款"}, ""},
		{"nothing matches: listed default", all, Attrs{HoursOpen: true}, "def"},
		{"inquiry type, exact", all, Attrs{InquiryType: "退款", HoursOpen: true}, "refund"},
		{"inquiry type, case and space", all, Attrs{InquiryType: "  refund ", HoursOpen: true}, "refund"},
		{"position order, not list order", all, Attrs{InquiryType: "退款", ContactLevel: "vip"}, "refund"},
		{"disabled rule skipped though first", all, Attrs{HoursOpen: true}, "def"},
		{"contact level", all, Attrs{ContactLevel: "VIP", HoursOpen: true}, "vip"},
		{"AND across fields needs both", []kefu.RoutingRule{vipCN, def}, Attrs{ContactLevel: "vip", Region: "CN-SH"}, "def"},
		{"OR within a field", []kefu.RoutingRule{vipCN, def}, Attrs{ContactLevel: "vip", Region: "CN-BJ"}, "vip-cn"},
		{"region is exact, not prefix", []kefu.RoutingRule{vipCN, def}, Attrs{ContactLevel: "vip", Region: "CN"}, "def"},
		{"language prefix", all, Attrs{Language: "en-GB", HoursOpen: true}, "en"},
		{"language underscore", all, Attrs{Language: "EN_us", HoursOpen: true}, "en"},
		{"language not a bare prefix", all, Attrs{Language: "eng", HoursOpen: true}, "def"},
		{"empty attribute never matches a condition", all, Attrs{Language: "", HoursOpen: true}, "def"},
		{"closed hours", all, Attrs{HoursOpen: false}, "closed"},
		{"open hours and channel", all, Attrs{HoursOpen: true, Channel: "telegram"}, "open"},
		{"open hours but other channel", all, Attrs{HoursOpen: true, Channel: "webchat"}, "def"},
		{"labels overlap", all, Attrs{HoursOpen: true, Labels: []string{"x", "Legal"}}, "label"},
		{"inbox", all, Attrs{HoursOpen: true, InboxID: "in_2"}, "inbox"},
		{"default rule never matched early", []kefu.RoutingRule{{ID: "d", IsDefault: true, Position: -5, Enabled: true}, vip}, Attrs{ContactLevel: "vip"}, "vip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.rules, tt.a); got.ID != tt.want {
				t.Errorf("Match() = rule %q, want %q", got.ID, tt.want)
			}
		})
	}
}

func TestMatchBuiltInDefault(t *testing.T) {
	got := Match([]kefu.RoutingRule{rule("r", 0, kefu.RuleConditions{Regions: []string{"US"}})}, Attrs{})
	if !got.IsDefault || got.OrgID != "org" || got.Target.Policy != kefu.PolicyRoundRobin {
		t.Errorf("Match() = %+v, want the built-in default rule of org", got)
	}
}

func TestMatchLeavesRulesAlone(t *testing.T) {
	rules := []kefu.RoutingRule{rule("b", 1, kefu.RuleConditions{}), rule("a", 0, kefu.RuleConditions{})}
	if got := Match(rules, Attrs{}); got.ID != "a" {
		t.Errorf("Match() = %q, want a (position 0)", got.ID)
	}
	if rules[0].ID != "b" {
		t.Error("Match() reordered the caller's slice")
	}
}
