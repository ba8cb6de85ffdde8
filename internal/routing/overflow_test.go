package routing

import (
	"reflect"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestEffectiveTarget(t *testing.T) {
	skills := []kefu.SkillRequirement{{Name: "退款", MinLevel: 3}}
	target := kefu.RoutingTarget{TeamID: "after-sales", Skills: skills, Policy: kefu.PolicyLeastLoaded}
	with := func(o *kefu.Overflow) kefu.RoutingRule { return kefu.RoutingRule{Target: target, Overflow: o} }
	tests := []struct {
		name     string
		rule     kefu.RoutingRule
		waited   time.Duration
		want     kefu.RoutingTarget
		wantOver bool
	}{
		{"no overflow", with(nil), time.Hour, target, false},
		{"not yet", with(&kefu.Overflow{AfterSeconds: 60, TeamID: "all"}), 59 * time.Second, target, false},
		{"fallback team at the second", with(&kefu.Overflow{AfterSeconds: 60, TeamID: "all"}), 60 * time.Second,
			kefu.RoutingTarget{TeamID: "all", Skills: skills, Policy: kefu.PolicyLeastLoaded}, true},
		{"drop skills", with(&kefu.Overflow{AfterSeconds: 30, DropSkills: true}), time.Minute,
			kefu.RoutingTarget{TeamID: "after-sales", Policy: kefu.PolicyLeastLoaded}, true},
		{"both", with(&kefu.Overflow{AfterSeconds: 30, TeamID: "all", DropSkills: true}), time.Minute,
			kefu.RoutingTarget{TeamID: "all", Policy: kefu.PolicyLeastLoaded}, true},
		{"same team changes nothing", with(&kefu.Overflow{AfterSeconds: 30, TeamID: "after-sales"}), time.Minute, target, false},
		{"zero seconds is no overflow", with(&kefu.Overflow{TeamID: "all"}), time.Minute, target, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, over := EffectiveTarget(tt.rule, tt.waited)
			if !reflect.DeepEqual(got, tt.want) || over != tt.wantOver {
				t.Errorf("EffectiveTarget() = (%+v, %v), want (%+v, %v)", got, over, tt.want, tt.wantOver)
			}
		})
	}
}

func TestEffectiveTargetCopiesSkills(t *testing.T) {
	r := kefu.RoutingRule{Target: kefu.RoutingTarget{Skills: []kefu.SkillRequirement{{Name: "a", MinLevel: 1}}}}
	got, _ := EffectiveTarget(r, 0)
	got.Skills[0].Name = "changed"
	if r.Target.Skills[0].Name != "a" {
		t.Error("EffectiveTarget() result shares the rule's skills")
	}
}
