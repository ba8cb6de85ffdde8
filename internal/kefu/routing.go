package kefu

import "time"

// Skill is something an agent is good at, with how good: 1 (can help) to 5 (expert).
type Skill struct {
	Name  string `json:"name" minLength:"1" maxLength:"40" doc:"e.g. 退款, refunds, billing, english"`
	Level int    `json:"level" minimum:"1" maximum:"5" doc:"1 = can help, 5 = expert"`
}

// SkillRequirement is a skill a routing target needs, at MinLevel or above.
type SkillRequirement struct {
	Name     string `json:"name" minLength:"1" maxLength:"40"`
	MinLevel int    `json:"min_level" minimum:"1" maximum:"5"`
}

// Limits on routing attributes and rules.
const (
	MaxSkillsPerAgent    = 20
	MaxLanguagesPerAgent = 10
	MinSkillLevel        = 1
	MaxSkillLevel        = 5
	MaxRoutingRules      = 100
	MaxRuleValues        = 50  // values of one condition (inquiry types, regions, ...)
	MaxRoutingAttr       = 100 // characters of an inquiry type, region, language or contact level
	MaxOverflowSeconds   = 24 * 3600
	MaxStickyDays        = 365
)

// AssignPolicy is how a routing target chooses among eligible agents with room.
type AssignPolicy string

// The assignment policies.
const (
	// PolicyRoundRobin gives each conversation to the next eligible agent in turn.
	PolicyRoundRobin AssignPolicy = "round_robin"
	// PolicyLeastLoaded gives it to the eligible agent with the lowest load relative to
	// capacity (open conversations / capacity), ties broken round robin.
	PolicyLeastLoaded AssignPolicy = "least_loaded"
	// PolicyManual assigns nothing: conversations wait in the queue and agents take them.
	PolicyManual AssignPolicy = "manual"
)

// Valid reports whether p is a known policy.
func (p AssignPolicy) Valid() bool {
	return p == PolicyRoundRobin || p == PolicyLeastLoaded || p == PolicyManual
}

// HoursCondition restricts a rule to inside or outside the inbox's business hours.
type HoursCondition string

// The business-hours conditions of a rule.
const (
	HoursAny    HoursCondition = ""       // either
	HoursOpen   HoursCondition = "open"   // only while the inbox is open
	HoursClosed HoursCondition = "closed" // only while it is closed
)

// RuleConditions says which conversations a rule matches. Every non-empty field must hold
// (AND); within a field any listed value matches (OR). Empty conditions match everything.
type RuleConditions struct {
	InboxIDs      []string       `json:"inbox_ids,omitempty" maxItems:"50"`
	Channels      []ChannelType  `json:"channels,omitempty" maxItems:"50"`
	InquiryTypes  []string       `json:"inquiry_types,omitempty" maxItems:"50" doc:"e.g. 退款, 售前"`
	Regions       []string       `json:"regions,omitempty" maxItems:"50" doc:"ISO 3166-1 country or subdivision codes or names the operator uses, e.g. CN, CN-GD, 广东"`
	Languages     []string       `json:"languages,omitempty" maxItems:"50" doc:"BCP 47 language tags; en matches en-GB"`
	ContactLevels []string       `json:"contact_levels,omitempty" maxItems:"50" doc:"e.g. vip"`
	Labels        []string       `json:"labels,omitempty" maxItems:"50" doc:"the conversation has any of these labels"`
	BusinessHours HoursCondition `json:"business_hours,omitempty" enum:",open,closed"`
	Emotions      []string       `json:"emotions,omitempty" maxItems:"2" doc:"what the bot read in the customer's messages: negative, angry"`
}

// RoutingTarget is who may take the conversations a rule matches, and how one is chosen.
type RoutingTarget struct {
	TeamID string             `json:"team_id,omitempty" doc:"only members of this team; empty = the inbox's agents"`
	Skills []SkillRequirement `json:"skills,omitempty" maxItems:"10" doc:"every skill at its minimum level"`
	Policy AssignPolicy       `json:"policy" enum:"round_robin,least_loaded,manual"`
	// Sticky sends a returning contact to the agent who last served them, when that agent is
	// eligible, online and has room, and served them within StickyDays.
	Sticky     bool `json:"sticky,omitempty"`
	StickyDays int  `json:"sticky_days,omitempty" minimum:"0" maximum:"365"`
}

// Overflow widens a rule's target for a conversation that has waited AfterSeconds.
type Overflow struct {
	AfterSeconds int    `json:"after_seconds" minimum:"1" maximum:"86400"`
	TeamID       string `json:"team_id,omitempty" doc:"fall back to this team (empty: keep the target's team)"`
	DropSkills   bool   `json:"drop_skills,omitempty" doc:"drop the skill requirement"`
}

// RoutingRule is one entry of an organisation's ordered routing rules: conversations matching
// Conditions go to Target at Priority. The first enabled matching rule wins; the default rule
// (IsDefault, no conditions, always last, never deleted) catches the rest.
type RoutingRule struct {
	ID         string         `json:"id"`
	OrgID      string         `json:"org_id"`
	Name       string         `json:"name" minLength:"1" maxLength:"100"`
	Position   int            `json:"position" doc:"0 first; the default rule is always last"`
	Enabled    bool           `json:"enabled"`
	IsDefault  bool           `json:"is_default"`
	Conditions RuleConditions `json:"conditions"`
	Target     RoutingTarget  `json:"target"`
	Priority   Priority       `json:"priority" enum:"none,low,medium,high,urgent" doc:"given to matched conversations; the queue serves higher first"`
	Overflow   *Overflow      `json:"overflow"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// DefaultRoutingRule is the rule an organisation has before an administrator writes any:
// round robin over the inbox's agents, which is how kefu assigned before rules existed.
func DefaultRoutingRule(orgID string) RoutingRule {
	return RoutingRule{
		OrgID: orgID, Name: "Default", Enabled: true, IsDefault: true,
		Target: RoutingTarget{Policy: PolicyRoundRobin}, Priority: PriorityNone,
	}
}

// Rank orders priorities for the queue: urgent 4 … none 0.
func (p Priority) Rank() int {
	switch p {
	case PriorityUrgent:
		return 4
	case PriorityHigh:
		return 3
	case PriorityMedium:
		return 2
	case PriorityLow:
		return 1
	}
	return 0
}

// DecisionKind is what one routing decision did.
type DecisionKind string

// The routing decisions.
const (
	DecisionAssigned   DecisionKind = "assigned"   // an agent got the conversation
	DecisionQueued     DecisionKind = "queued"     // nobody could take it yet; it waits (Reason says why)
	DecisionOverflowed DecisionKind = "overflowed" // its wait passed the rule's overflow: the target widened
	DecisionRequeued   DecisionKind = "requeued"   // given back to the queue (accept timeout, agent left)
	DecisionOffline    DecisionKind = "offline"    // closed hours, queue full or no agent online: the visitor was offered the offline form
)

// Reasons a decision gives, stable codes the workspace translates.
const (
	ReasonChosen        = "chosen"        // picked by the policy
	ReasonSticky        = "sticky"        // the agent who last served the contact
	ReasonOffline       = "offline"       // candidate: not online or not connected
	ReasonFull          = "full"          // candidate: load at capacity
	ReasonMissingSkill  = "missing_skill" // candidate: lacks a required skill or level
	ReasonNotInTeam     = "not_in_team"   // candidate: not a member of the target team
	ReasonNoneOnline    = "no_agent_online"
	ReasonAllFull       = "all_full"
	ReasonNoneEligible  = "no_eligible_agent"
	ReasonManualPolicy  = "manual_policy"
	ReasonAheadInQueue  = "waiting_behind" // older or higher-priority conversations go first
	ReasonAcceptTimeout = "accept_timeout"
	ReasonAgentAway     = "agent_away"
	ReasonQueueFull     = "queue_full"
	ReasonClosedHours   = "closed_hours"
	ReasonTransfer      = "transfer" // an agent transferred the conversation to a skill
)

// DecisionCandidate is one agent the router considered, as it saw them.
type DecisionCandidate struct {
	AgentID  string  `json:"agent_id"`
	Name     string  `json:"name"`
	Online   bool    `json:"online"`
	Load     int     `json:"load"`
	Capacity int     `json:"capacity"`
	Skills   []Skill `json:"skills" doc:"the agent's levels in the required skills"`
	Eligible bool    `json:"eligible"`
	Reason   string  `json:"reason" doc:"chosen, sticky, offline, full, missing_skill, not_in_team"`
}

// RoutingDecision records why the router did what it did to a conversation: the rule, the
// candidates with their load and skills, the policy, and the chosen agent or the reason for
// waiting. It is written in the transaction that applies it.
type RoutingDecision struct {
	ID             string              `json:"id"`
	OrgID          string              `json:"-"`
	ConversationID string              `json:"conversation_id"`
	Kind           DecisionKind        `json:"kind" enum:"assigned,queued,overflowed,requeued,offline"`
	RuleID         string              `json:"rule_id"`
	RuleName       string              `json:"rule_name"`
	Target         RoutingTarget       `json:"target" doc:"the target as applied (after overflow)"`
	Priority       Priority            `json:"priority"`
	AgentID        string              `json:"agent_id" doc:"the chosen agent; empty unless assigned"`
	Reason         string              `json:"reason"`
	Candidates     []DecisionCandidate `json:"candidates"`
	CreatedAt      time.Time           `json:"created_at"`
}
