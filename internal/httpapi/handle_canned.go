package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// cannedView is a canned reply with its scope spelled out for clients.
type cannedView struct {
	kefu.CannedReply
	Scope string `json:"scope" enum:"personal,shared"`
}

func toCannedView(c *kefu.CannedReply) cannedView {
	scope := admin.ScopePersonal
	if c.Shared() {
		scope = admin.ScopeShared
	}
	return cannedView{CannedReply: *c, Scope: scope}
}

type cannedListOutput struct {
	Body struct {
		CannedReplies []cannedView `json:"canned_replies"`
	}
}

func (s *server) listCanned(ctx context.Context, in *struct {
	Q string `query:"q" maxLength:"100" doc:"Search shortcut and content"`
}) (*cannedListOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Admin.ListCannedReplies(ctx, actor, in.Q)
	if err != nil {
		return nil, err
	}
	out := &cannedListOutput{}
	out.Body.CannedReplies = make([]cannedView, 0, len(list))
	for i := range list {
		out.Body.CannedReplies = append(out.Body.CannedReplies, toCannedView(&list[i]))
	}
	return out, nil
}

type cannedOutput struct {
	Status int
	Body   cannedView
}

func (s *server) createCanned(ctx context.Context, in *struct {
	Body struct {
		Shortcut string `json:"shortcut" maxLength:"33" doc:"Typed as /shortcut in the composer: a-z, 0-9, - and _"`
		Content  string `json:"content" maxLength:"16384"`
		Scope    string `json:"scope,omitempty" enum:"personal,shared" doc:"personal (default) or shared (admins)"`
	}
}) (*cannedOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Admin.CreateCannedReply(ctx, actor, admin.CannedInput{Shortcut: in.Body.Shortcut, Content: in.Body.Content, Scope: in.Body.Scope})
	if err != nil {
		return nil, err
	}
	return &cannedOutput{Status: 201, Body: toCannedView(c)}, nil
}

func (s *server) updateCanned(ctx context.Context, in *struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Shortcut *string `json:"shortcut,omitempty" maxLength:"33"`
		Content  *string `json:"content,omitempty" maxLength:"16384"`
	}
}) (*cannedOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Admin.UpdateCannedReply(ctx, actor, in.ID, admin.CannedPatch{Shortcut: in.Body.Shortcut, Content: in.Body.Content})
	if err != nil {
		return nil, err
	}
	return &cannedOutput{Status: 200, Body: toCannedView(c)}, nil
}

func (s *server) deleteCanned(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteCannedReply(ctx, actor, in.ID)
}
