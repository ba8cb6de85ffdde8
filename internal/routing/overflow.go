package routing

import (
	"slices"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// EffectiveTarget is r's target for a conversation that has waited this long: widened by the
// rule's overflow (fallback team, skills dropped) once waited reaches its AfterSeconds.
// overflowed is true only when the overflow applies and changes the target, so a caller logs
// an overflow decision exactly when the candidates it considers change. The result shares no
// slice with r.
func EffectiveTarget(r kefu.RoutingRule, waited time.Duration) (t kefu.RoutingTarget, overflowed bool) {
	t = r.Target
	t.Skills = slices.Clone(r.Target.Skills)
	o := r.Overflow
	if o == nil || o.AfterSeconds <= 0 || waited < time.Duration(o.AfterSeconds)*time.Second {
		return t, false
	}
	if o.TeamID != "" && o.TeamID != t.TeamID {
		t.TeamID, overflowed = o.TeamID, true
	}
	if o.DropSkills && len(t.Skills) > 0 {
		t.Skills, overflowed = nil, true
	}
	return t, overflowed
}
