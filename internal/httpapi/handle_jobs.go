package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/kefu"
)

type jobListOutput struct {
	Body struct {
		Jobs []kefu.Job `json:"jobs"`
	}
}

func (s *server) listJobs(ctx context.Context, in *struct {
	Status string `query:"status" enum:"pending,running,failed,dead,done," doc:"Only jobs with this status"`
	Ref    string `query:"ref" maxLength:"36" doc:"Only jobs of this object, e.g. a webhook id"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200" doc:"Default 50"`
}) (*jobListOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Jobs.List(ctx, actor, kefu.JobQuery{Status: kefu.JobStatus(in.Status), Ref: in.Ref, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &jobListOutput{}
	out.Body.Jobs = list
	return out, nil
}

func (s *server) retryJob(ctx context.Context, in *idInput) (*acceptedOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Jobs.Retry(ctx, actor, in.ID); err != nil {
		return nil, err
	}
	return &acceptedOutput{Status: 202}, nil
}
