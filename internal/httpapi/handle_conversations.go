package httpapi

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type listConversationsInput struct {
	Status   []string `query:"status" doc:"Filter by status (comma-separated): open, pending, snoozed, resolved"`
	Assignee string   `query:"assignee" doc:"me, none, or an agent id"`
	TeamID   string   `query:"team_id"`
	InboxID  string   `query:"inbox_id"`
	Label    string   `query:"label" maxLength:"50"`
	Q        string   `query:"q" maxLength:"200" doc:"Search message text and contact name, email, phone"`
	Sort     string   `query:"sort" enum:"last_activity,waiting" default:"last_activity" doc:"last_activity (newest first) or waiting (longest waiting first)"`
	Cursor   string   `query:"cursor" maxLength:"500" doc:"next_cursor of the previous page"`
	Limit    int      `query:"limit" minimum:"1" maximum:"100" default:"25"`
}

func (in *listConversationsInput) filter() conversation.Filter {
	f := conversation.Filter{
		Assignee: in.Assignee, TeamID: in.TeamID, InboxID: in.InboxID, Label: in.Label,
		Search: in.Q, Cursor: in.Cursor, Limit: in.Limit, Sort: kefu.SortLastActivity,
	}
	if in.Sort == "waiting" {
		f.Sort = kefu.SortWaitingLongest
	}
	for _, st := range in.Status {
		f.Statuses = append(f.Statuses, kefu.Status(st))
	}
	return f
}

type conversationPage struct {
	Body struct {
		Conversations []kefu.Conversation `json:"conversations"`
		NextCursor    string              `json:"next_cursor" doc:"Pass as cursor for the next page; empty at the end"`
	}
}

func (s *server) listConversations(ctx context.Context, in *listConversationsInput) (*conversationPage, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	page, err := s.Conversations.List(ctx, actor, in.filter())
	if err != nil {
		return nil, err
	}
	out := &conversationPage{}
	out.Body.Conversations, out.Body.NextCursor = page.Conversations, page.NextCursor
	return out, nil
}

type countsOutput struct {
	Body struct {
		Mine       int `json:"mine" doc:"Open or pending, assigned to me"`
		Unassigned int `json:"unassigned" doc:"Open or pending, no assignee"`
		All        int `json:"all" doc:"Open or pending"`
	}
}

// conversationCounts gives the numbers beside the workspace's views.
func (s *server) conversationCounts(ctx context.Context, in *struct {
	InboxID string `query:"inbox_id"`
}) (*countsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	active := []kefu.Status{kefu.StatusOpen, kefu.StatusPending}
	out := &countsOutput{}
	for _, v := range []struct {
		dst      *int
		assignee string
	}{{&out.Body.Mine, "me"}, {&out.Body.Unassigned, "none"}, {&out.Body.All, ""}} {
		n, err := s.Conversations.Count(ctx, actor, conversation.Filter{Statuses: active, Assignee: v.assignee, InboxID: in.InboxID})
		if err != nil {
			return nil, err
		}
		*v.dst = n
	}
	return out, nil
}

type idInput struct {
	ID string `path:"id" maxLength:"36" doc:"Object id"`
}

type conversationOutput struct {
	Body *kefu.Conversation
}

func (s *server) getConversation(ctx context.Context, in *idInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.Get(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}

type assignInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		AssigneeID *string                `json:"assignee_id,omitempty" maxLength:"36" doc:"Agent id; empty string unassigns; omit to keep"`
		TeamID     *string                `json:"team_id,omitempty" maxLength:"36" doc:"Team id; empty string clears; omit to keep"`
		Skill      *kefu.SkillRequirement `json:"skill,omitempty" doc:"Transfer to the least loaded online agent with room who has this skill at min_level or above (within team_id when given; never the current assignee); when nobody can take it now, the conversation waits in the queue for such an agent. Not with assignee_id."`
		Note       string                 `json:"note,omitempty" maxLength:"16384" doc:"Hand-over note, added as an internal note"`
	}
}

func (s *server) assignConversation(ctx context.Context, in *assignInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.Assign(ctx, actor, in.ID, conversation.AssignRequest{
		AssigneeID: in.Body.AssigneeID, TeamID: in.Body.TeamID, Skill: in.Body.Skill, Note: in.Body.Note,
	})
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}

type statusInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Status       kefu.Status `json:"status" enum:"open,pending,snoozed,resolved"`
		SnoozedUntil *time.Time  `json:"snoozed_until,omitempty" doc:"With status snoozed: when to wake up"`
	}
}

func (s *server) setStatus(ctx context.Context, in *statusInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.SetStatus(ctx, actor, in.ID, in.Body.Status, in.Body.SnoozedUntil)
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}

type priorityInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Priority kefu.Priority `json:"priority" enum:"none,low,medium,high,urgent"`
	}
}

func (s *server) setPriority(ctx context.Context, in *priorityInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.SetPriority(ctx, actor, in.ID, in.Body.Priority)
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}

type labelsInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Labels []string `json:"labels" maxItems:"50"`
	}
}

func (s *server) setLabels(ctx context.Context, in *labelsInput) (*conversationOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Conversations.SetLabels(ctx, actor, in.ID, in.Body.Labels)
	if err != nil {
		return nil, err
	}
	return &conversationOutput{Body: c}, nil
}
