package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// Teams and labels: the organisation's directory of groups and tags.

type teamsOutput struct {
	Body struct {
		Teams []kefu.Team `json:"teams"`
	}
}

func (s *server) listTeams(ctx context.Context, _ *struct{}) (*teamsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	teams, err := s.Admin.ListTeams(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &teamsOutput{}
	out.Body.Teams = teams
	return out, nil
}

type teamBody struct {
	Name        string   `json:"name" maxLength:"100"`
	Description string   `json:"description,omitempty" maxLength:"500"`
	MemberIDs   []string `json:"member_ids,omitempty" maxItems:"1000"`
}

type teamOutput struct {
	Status int
	Body   *kefu.Team
}

func (s *server) createTeam(ctx context.Context, in *struct{ Body teamBody }) (*teamOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.Admin.CreateTeam(ctx, actor, admin.TeamInput{Name: in.Body.Name, Description: in.Body.Description, MemberIDs: in.Body.MemberIDs})
	if err != nil {
		return nil, err
	}
	return &teamOutput{Status: 201, Body: t}, nil
}

type updateTeamInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name        *string   `json:"name,omitempty" maxLength:"100"`
		Description *string   `json:"description,omitempty" maxLength:"500"`
		MemberIDs   *[]string `json:"member_ids,omitempty" maxItems:"1000"`
	}
}

func (s *server) updateTeam(ctx context.Context, in *updateTeamInput) (*teamOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	t, err := s.Admin.UpdateTeam(ctx, actor, in.ID, admin.TeamPatch{Name: b.Name, Description: b.Description, MemberIDs: b.MemberIDs})
	if err != nil {
		return nil, err
	}
	return &teamOutput{Status: 200, Body: t}, nil
}

func (s *server) deleteTeam(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteTeam(ctx, actor, in.ID)
}

type labelsOutput struct {
	Body struct {
		Labels []kefu.Label `json:"labels"`
	}
}

func (s *server) listLabels(ctx context.Context, _ *struct{}) (*labelsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	labels, err := s.Admin.ListLabels(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &labelsOutput{}
	out.Body.Labels = labels
	return out, nil
}

type labelOutput struct {
	Status int
	Body   *kefu.Label
}

func (s *server) createLabel(ctx context.Context, in *struct {
	Body struct {
		Name        string `json:"name" maxLength:"50"`
		Color       string `json:"color,omitempty" maxLength:"7" doc:"#RRGGBB"`
		Description string `json:"description,omitempty" maxLength:"500"`
	}
}) (*labelOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.Admin.CreateLabel(ctx, actor, admin.LabelInput{Name: in.Body.Name, Color: in.Body.Color, Description: in.Body.Description})
	if err != nil {
		return nil, err
	}
	return &labelOutput{Status: 201, Body: l}, nil
}

type updateLabelInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name        *string `json:"name,omitempty" maxLength:"50"`
		Color       *string `json:"color,omitempty" maxLength:"7"`
		Description *string `json:"description,omitempty" maxLength:"500"`
	}
}

func (s *server) updateLabel(ctx context.Context, in *updateLabelInput) (*labelOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	l, err := s.Admin.UpdateLabel(ctx, actor, in.ID, admin.LabelPatch{Name: b.Name, Color: b.Color, Description: b.Description})
	if err != nil {
		return nil, err
	}
	return &labelOutput{Status: 200, Body: l}, nil
}

func (s *server) deleteLabel(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteLabel(ctx, actor, in.ID)
}
