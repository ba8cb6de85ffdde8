package httpapi

import (
	"context"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humachi"

	"github.com/kefu-dev/kefu/internal/kefu"
)

type retentionOutput struct {
	Body kefu.RetentionPolicy
}

func (s *server) getRetention(ctx context.Context, in *idInput) (*retentionOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.Privacy.Retention(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &retentionOutput{Body: p}, nil
}

type setRetentionInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body kefu.RetentionPolicy
}

func (s *server) setRetention(ctx context.Context, in *setRetentionInput) (*retentionOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.Privacy.SetRetention(ctx, actor, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return &retentionOutput{Body: p}, nil
}

type contactPrivacyOutput struct {
	Body *kefu.ContactPrivacy
}

func (s *server) getContactPrivacy(ctx context.Context, in *idInput) (*contactPrivacyOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.Privacy.ContactPrivacy(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &contactPrivacyOutput{Body: p}, nil
}

type holdInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body holdBody
}

type holdBody struct {
	Hold bool `json:"hold" doc:"true puts the object under legal hold, false releases it"`
}

type holdOutput struct {
	Body holdBody
}

func (s *server) setContactHold(ctx context.Context, in *holdInput) (*holdOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Privacy.SetContactHold(ctx, actor, in.ID, in.Body.Hold); err != nil {
		return nil, err
	}
	return &holdOutput{Body: in.Body}, nil
}

func (s *server) getConversationHold(ctx context.Context, in *idInput) (*holdOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	hold, err := s.Privacy.ConversationHold(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &holdOutput{Body: holdBody{Hold: hold}}, nil
}

func (s *server) setConversationHold(ctx context.Context, in *holdInput) (*holdOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Privacy.SetConversationHold(ctx, actor, in.ID, in.Body.Hold); err != nil {
		return nil, err
	}
	return &holdOutput{Body: in.Body}, nil
}

// exportContact streams a contact's data as a ZIP download. It is a POST because it is
// audited (export.created), so a cookie-authenticated export needs the CSRF header.
func (s *server) exportContact(ctx context.Context, in *idInput) (*huma.StreamResponse, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	write, err := s.Privacy.Export(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		_, w := humachi.Unwrap(hctx)
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", `attachment; filename="contact-`+in.ID+`.zip"`)
		w.Header().Set("Cache-Control", "no-store")
		if err := write(w); err != nil {
			// The status is sent; the cut-short archive is what the client sees (it will not open).
			s.log.ErrorContext(ctx, "contact export failed", "err", err)
		}
	}}, nil
}

type eraseInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Confirm string `json:"confirm" enum:"erase" doc:"Must be \"erase\": erasure cannot be undone"`
	}
}

type eraseOutput struct {
	Body struct {
		ContactID     string    `json:"contact_id"`
		Conversations int       `json:"conversations" doc:"Conversations emptied (they stay, without content)"`
		Messages      int       `json:"messages"`
		Attachments   int       `json:"attachments"`
		ErasedAt      time.Time `json:"erased_at"`
	}
}

func (s *server) eraseContact(ctx context.Context, in *eraseInput) (*eraseOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.Privacy.Erase(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &eraseOutput{}
	out.Body.ContactID, out.Body.Conversations, out.Body.Messages = in.ID, len(e.ConversationIDs), e.Messages
	out.Body.Attachments, out.Body.ErasedAt = len(e.StorageKeys), time.Now().UTC()
	return out, nil
}
