package conversation

import (
	"context"
	"errors"
	"strings"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// AssignRequest changes who owns a conversation. A nil field is left as it is; a pointer to ""
// clears it (unassign, or no team). Note, when set, is added as an internal note — the
// hand-over context the next agent reads. Skill, instead of an assignee, transfers to whoever
// has that skill (see transferToSkill).
type AssignRequest struct {
	AssigneeID *string
	TeamID     *string
	Skill      *kefu.SkillRequirement
	Note       string
}

// Assign assigns, unassigns or transfers a conversation. Holders of conversations.assign may
// do anything; an agent who may reply may take an unassigned conversation for themselves and hand on one they own, but
// never take one from a colleague.
func (s *Service) Assign(ctx context.Context, actor kefu.Actor, id string, req AssignRequest) (*kefu.Conversation, error) {
	c, err := s.visible(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := mayWrite(actor); err != nil {
		return nil, err
	}
	if err := s.validateAssign(ctx, actor, req); err != nil {
		return nil, err
	}
	updated, err := s.assignOrTransfer(ctx, actor, c, req)
	if err != nil {
		return nil, err
	}
	if req.Note != "" {
		_, _, err = s.Send(ctx, actor, kefu.SendRequest{ConversationID: c.ID, Content: req.Note, Kind: kefu.KindNote})
	}
	return updated, err
}

// assignOrTransfer writes the assignment: to the named agent and/or team, or by skill.
func (s *Service) assignOrTransfer(ctx context.Context, actor kefu.Actor, c *kefu.Conversation, req AssignRequest) (*kefu.Conversation, error) {
	if req.Skill != nil {
		return s.transferToSkill(ctx, actor, c, req)
	}
	by, err := s.store.GetAgent(ctx, actor.OrgID, actor.AgentID)
	if err != nil {
		return nil, err
	}
	return s.store.UpdateConversation(ctx, c.OrgID, c.ID, func(tx kefu.ConversationTx, c *kefu.Conversation) (*kefu.Message, error) {
		if !mayReassign(actor, c, req) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "only the assignee or a holder of conversations.assign may reassign this conversation")
		}
		return applyAssign(tx, c, req, by)
	})
}

// mayReassign is checked inside the transaction, against the current assignee.
func mayReassign(actor kefu.Actor, c *kefu.Conversation, req AssignRequest) bool {
	if actor.Has(kefu.PermConversationsAssign) || c.AssigneeID == actor.AgentID {
		return true
	}
	takingUnassigned := c.AssigneeID == "" && req.AssigneeID != nil && *req.AssigneeID == actor.AgentID
	return takingUnassigned
}

func (s *Service) validateAssign(ctx context.Context, actor kefu.Actor, req AssignRequest) error {
	if req.AssigneeID == nil && req.TeamID == nil && req.Skill == nil {
		return kefu.FieldError("assignee_id", "give assignee_id, team_id, skill or team_id with skill")
	}
	if err := s.validateSkill(ctx, actor.OrgID, req); err != nil {
		return err
	}
	if req.Note != "" {
		// The note is appended after the assignment commits, so it must be known to be
		// acceptable before anything is written.
		if err := validateSend(&kefu.SendRequest{Content: req.Note, Kind: kefu.KindNote}); err != nil {
			return asNoteError(err)
		}
	}
	if req.AssigneeID != nil && *req.AssigneeID != "" {
		a, err := s.store.GetAgent(ctx, actor.OrgID, *req.AssigneeID)
		if !kefu.ValidID(*req.AssigneeID) || err != nil || a.Disabled {
			return kefu.FieldError("assignee_id", "no such active agent")
		}
	}
	if req.TeamID != nil && *req.TeamID != "" {
		if _, err := s.store.GetTeam(ctx, actor.OrgID, *req.TeamID); !kefu.ValidID(*req.TeamID) || err != nil {
			return kefu.FieldError("team_id", "no such team")
		}
	}
	return nil
}

// applyAssign sets the new owner and returns the activity line recording it.
func applyAssign(tx kefu.ConversationTx, c *kefu.Conversation, req AssignRequest, by *kefu.Agent) (*kefu.Message, error) {
	act := activity{Action: "assigned", ByID: by.ID, ByName: by.Name}
	if req.AssigneeID != nil {
		c.AssigneeID = *req.AssigneeID
		if c.AssigneeID == "" {
			act.Action = "unassigned"
		} else {
			c.RequiredSkills = nil // someone took it: the transfer's requirement is met
			a, err := tx.GetAgent(c.AssigneeID)
			if err != nil {
				return nil, err
			}
			act.AssigneeID, act.AssigneeName = a.ID, a.Name
		}
	}
	if req.TeamID != nil {
		c.TeamID = *req.TeamID
		act.TeamID = c.TeamID
	}
	return act.message(c), nil
}

// asNoteError names the note field in an error about message content.
func asNoteError(err error) error {
	var e *kefu.Error
	if !errors.As(err, &e) {
		return err
	}
	named := *e
	if named.Field == "content" {
		named.Field = "note"
	}
	named.Message = strings.Replace(named.Message, "content", "note", 1)
	return &named
}
