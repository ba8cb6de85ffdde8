package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

type mergeContactInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		OtherID string `json:"other_id" maxLength:"36" doc:"The contact merged into this one: its identities and conversations move here"`
	}
}

type contactMergeOutput struct {
	Body *kefu.ContactMerge
}

func (s *server) mergeContact(ctx context.Context, in *mergeContactInput) (*contactMergeOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Contacts.Merge(ctx, actor, in.ID, in.Body.OtherID)
	if err != nil {
		return nil, err
	}
	return &contactMergeOutput{Body: m}, nil
}

type unmergeContactInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		MergeID string `json:"merge_id" maxLength:"36" doc:"The merge to undo, from GET /api/v1/contacts/{id}/merges"`
	}
}

func (s *server) unmergeContact(ctx context.Context, in *unmergeContactInput) (*contactMergeOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Contacts.Unmerge(ctx, actor, in.ID, in.Body.MergeID)
	if err != nil {
		return nil, err
	}
	return &contactMergeOutput{Body: m}, nil
}

type contactMergesOutput struct {
	Body struct {
		Merges []kefu.ContactMerge `json:"merges"`
	}
}

func (s *server) listContactMerges(ctx context.Context, in *idInput) (*contactMergesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := s.Contacts.Merges(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &contactMergesOutput{}
	out.Body.Merges = ms
	return out, nil
}

type mergeSuggestionsOutput struct {
	Body struct {
		Suggestions []kefu.MergeSuggestion `json:"suggestions"`
	}
}

func (s *server) listMergeSuggestions(ctx context.Context, in *idInput) (*mergeSuggestionsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	sg, err := s.Contacts.Suggestions(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &mergeSuggestionsOutput{}
	out.Body.Suggestions = sg
	return out, nil
}

func (s *server) dismissMergeSuggestion(ctx context.Context, in *mergeContactInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Contacts.DismissSuggestion(ctx, actor, in.ID, in.Body.OtherID)
}
