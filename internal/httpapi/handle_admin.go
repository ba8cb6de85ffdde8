package httpapi

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type orgOutput struct {
	Body *kefu.Org
}

func (s *server) getOrg(ctx context.Context, _ *struct{}) (*orgOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	org, err := s.Admin.GetOrg(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &orgOutput{Body: org}, nil
}

type updateOrgInput struct {
	Body struct {
		Name     *string           `json:"name,omitempty" maxLength:"100"`
		Settings *kefu.OrgSettings `json:"settings,omitempty"`
	}
}

func (s *server) updateOrg(ctx context.Context, in *updateOrgInput) (*orgOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	org, err := s.Admin.UpdateOrg(ctx, actor, admin.OrgPatch{Name: in.Body.Name, Settings: in.Body.Settings})
	if err != nil {
		return nil, err
	}
	return &orgOutput{Body: org}, nil
}

type agentsOutput struct {
	Body struct {
		Agents []kefu.Agent `json:"agents"`
	}
}

func (s *server) listAgents(ctx context.Context, _ *struct{}) (*agentsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	agents, err := s.Admin.ListAgents(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &agentsOutput{}
	out.Body.Agents = agents
	return out, nil
}

type createAgentInput struct {
	Body struct {
		Email    string    `json:"email" maxLength:"254"`
		Name     string    `json:"name" maxLength:"100"`
		Password string    `json:"password" maxLength:"256"`
		Role     kefu.Role `json:"role" enum:"owner,admin,supervisor,agent,custom"`
		// CustomRoleID names the custom role when role is custom.
		CustomRoleID string `json:"custom_role_id,omitempty" maxLength:"36"`
		Capacity     *int   `json:"capacity,omitempty" minimum:"0" maximum:"1000"`
	}
}

type createdAgentOutput struct {
	Status int
	Body   *kefu.Agent
}

func (s *server) createAgent(ctx context.Context, in *createAgentInput) (*createdAgentOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	a, err := s.Admin.CreateAgent(ctx, actor, admin.AgentInput{Email: b.Email, Name: b.Name, Password: b.Password, Role: b.Role,
		CustomRoleID: b.CustomRoleID, Capacity: b.Capacity})
	if err != nil {
		return nil, err
	}
	return &createdAgentOutput{Status: 201, Body: a}, nil
}

type updateAgentInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name *string    `json:"name,omitempty" maxLength:"100"`
		Role *kefu.Role `json:"role,omitempty" enum:"owner,admin,supervisor,agent,custom"`
		// CustomRoleID goes with role custom; alone it implies that role.
		CustomRoleID *string `json:"custom_role_id,omitempty" maxLength:"36"`
		Capacity     *int    `json:"capacity,omitempty" minimum:"0" maximum:"1000"`
		Disabled     *bool   `json:"disabled,omitempty"`
		// Skills and languages replace the agent's lists; routing targets require skills.
		Skills    *[]kefu.Skill `json:"skills,omitempty" maxItems:"20" doc:"Replaces the agent's skills: names unique ignoring case, levels 1-5"`
		Languages *[]string     `json:"languages,omitempty" maxItems:"10" doc:"Replaces the languages the agent answers in, as BCP 47 tags (en, zh-CN)"`
	}
}

func (s *server) updateAgent(ctx context.Context, in *updateAgentInput) (*agentOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	a, err := s.Admin.UpdateAgent(ctx, actor, in.ID, admin.AgentPatch{Name: b.Name, Role: b.Role, CustomRoleID: b.CustomRoleID,
		Capacity: b.Capacity, Disabled: b.Disabled, Skills: b.Skills, Languages: b.Languages})
	if err != nil {
		return nil, err
	}
	return &agentOutput{Body: a}, nil
}

type tokensOutput struct {
	Body struct {
		Tokens []kefu.APIToken `json:"tokens"`
	}
}

func (s *server) listTokens(ctx context.Context, _ *struct{}) (*tokensOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	toks, err := s.Admin.ListAPITokens(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &tokensOutput{}
	out.Body.Tokens = toks
	return out, nil
}

type createTokenInput struct {
	Body struct {
		Name string    `json:"name" maxLength:"100"`
		Role kefu.Role `json:"role" enum:"owner,admin,supervisor,agent,custom" doc:"Only permissions you hold"`
		// CustomRoleID names the custom role when role is custom.
		CustomRoleID string     `json:"custom_role_id,omitempty" maxLength:"36"`
		ExpiresAt    *time.Time `json:"expires_at,omitempty"`
	}
}

type createTokenOutput struct {
	Status int
	Body   struct {
		Token    string         `json:"token" doc:"The secret. It is shown only this once; kefu keeps only its hash"`
		APIToken *kefu.APIToken `json:"api_token"`
	}
}

func (s *server) createToken(ctx context.Context, in *createTokenInput) (*createTokenOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	var (
		secret string
		tok    *kefu.APIToken
	)
	if b.Role == kefu.RoleCustom {
		secret, tok, err = s.Admin.CreateCustomRoleAPIToken(ctx, actor, b.Name, b.CustomRoleID, b.ExpiresAt)
	} else {
		secret, tok, err = s.Admin.CreateAPIToken(ctx, actor, b.Name, b.Role, b.ExpiresAt)
	}
	if err != nil {
		return nil, err
	}
	out := &createTokenOutput{Status: 201}
	out.Body.Token, out.Body.APIToken = secret, tok
	return out, nil
}

func (s *server) revokeToken(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.RevokeAPIToken(ctx, actor, in.ID)
}
