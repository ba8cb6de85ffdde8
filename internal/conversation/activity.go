package conversation

import (
	"encoding/json"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// activity is the structured content of an event message: the agents' record of what happened
// to a conversation. It is JSON rather than prose so each client renders it in its own language.
type activity struct {
	Action       string `json:"action"` // assigned, unassigned, auto_assigned, status_changed, ...
	AssigneeID   string `json:"assignee_id,omitempty"`
	AssigneeName string `json:"assignee_name,omitempty"`
	TeamID       string `json:"team_id,omitempty"`
	Status       string `json:"status,omitempty"`
	ByID         string `json:"by_id,omitempty"`
	ByName       string `json:"by_name,omitempty"`
	TriggerID    string `json:"trigger_id,omitempty"`
	TriggerName  string `json:"trigger_name,omitempty"`
	Reason       string `json:"reason,omitempty"` // why a conversation was requeued (kefu.Reason*)
	// Skill and SkillLevel name the skill of a transfer to a skill.
	Skill      string `json:"skill,omitempty"`
	SkillLevel int    `json:"skill_level,omitempty"`
}

// withSkill records the skill a transfer asked for.
func (a activity) withSkill(r kefu.SkillRequirement) activity {
	a.Skill, a.SkillLevel = r.Name, r.MinLevel
	return a
}

func (a activity) message(c *kefu.Conversation) *kefu.Message {
	content, _ := json.Marshal(a) // a struct of strings and ints always marshals
	return &kefu.Message{
		OrgID: c.OrgID, ConversationID: c.ID, SenderType: kefu.SenderSystem,
		Kind: kefu.KindEvent, Content: string(content),
	}
}
