package httpapi

import (
	"context"
	"net/http"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// kbSynonymRoutes registers the endpoints of an organisation's synonym groups.
func (s *server) kbSynonymRoutes(api registry) {
	op(api, "list-kb-synonyms", "GET", "/api/v1/kb/synonyms", "The organisation's synonym groups for knowledge-base search", tagKB, s.listKBSynonyms)
	op(api, "create-kb-synonyms", "POST", "/api/v1/kb/synonyms", "Add a synonym group (kb.manage)", tagKB, s.createKBSynonyms)
	op(api, "update-kb-synonyms", "PUT", "/api/v1/kb/synonyms/{id}", "Replace a synonym group's terms (kb.manage)", tagKB, s.updateKBSynonyms)
	op(api, "delete-kb-synonyms", "DELETE", "/api/v1/kb/synonyms/{id}", "Delete a synonym group (kb.manage)", tagKB, s.deleteKBSynonyms)
}

// synonymTermsBody is a group's terms. The bounds here only cap the request's size: the
// knowledge-base service checks the real limits (2 to 20 terms of 1 to 40 characters) and
// names the field in its error.
type synonymTermsBody struct {
	Terms []string `json:"terms" maxItems:"100" doc:"2 to 20 words or phrases that mean one thing, 1 to 40 characters each; repeats are dropped"`
}

type synonymGroupOutput struct {
	Status int
	Body   kefu.SynonymGroup
}

type synonymIDInput struct {
	ID string `path:"id" maxLength:"64" doc:"Synonym group id"`
}

func (s *server) listKBSynonyms(ctx context.Context, _ *struct{}) (*struct {
	Body struct {
		Groups []kefu.SynonymGroup `json:"groups"`
	}
}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.KB.Synonyms(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &struct {
		Body struct {
			Groups []kefu.SynonymGroup `json:"groups"`
		}
	}{}
	out.Body.Groups = list
	return out, nil
}

func (s *server) createKBSynonyms(ctx context.Context, in *struct{ Body synonymTermsBody }) (*synonymGroupOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	g, err := s.KB.CreateSynonyms(ctx, actor, in.Body.Terms)
	if err != nil {
		return nil, err
	}
	return &synonymGroupOutput{Status: http.StatusCreated, Body: *g}, nil
}

func (s *server) updateKBSynonyms(ctx context.Context, in *struct {
	ID   string `path:"id" maxLength:"64" doc:"Synonym group id"`
	Body synonymTermsBody
}) (*synonymGroupOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	g, err := s.KB.UpdateSynonyms(ctx, actor, in.ID, in.Body.Terms)
	if err != nil {
		return nil, err
	}
	return &synonymGroupOutput{Status: http.StatusOK, Body: *g}, nil
}

func (s *server) deleteKBSynonyms(ctx context.Context, in *synonymIDInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.KB.DeleteSynonyms(ctx, actor, in.ID)
}
