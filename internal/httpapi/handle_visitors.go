package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/visitor"
)

// tagVisitors groups the live visitor list and agent-started chats in the OpenAPI document.
const tagVisitors = "Visitors"

type visitorsOutput struct {
	Body struct {
		Visitors []kefu.LiveVisitor `json:"visitors"`
	}
}

// listVisitors answers the live visitors the agent may see; realtime visitor.updated and
// visitor.left events keep the list current after that.
func (s *server) listVisitors(ctx context.Context, _ *struct{}) (*visitorsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := s.Visitors.List(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &visitorsOutput{}
	out.Body.Visitors = vs
	return out, nil
}

type startChatInput struct {
	ContactID string `path:"contact_id" maxLength:"36" doc:"The visitor's contact id"`
	Body      struct {
		InboxID     string `json:"inbox_id" maxLength:"36" doc:"The inbox whose widget the visitor is on"`
		ClientMsgID string `json:"client_msg_id" minLength:"1" maxLength:"64" doc:"Client-chosen id; a retry with the same id returns the conversation it started"`
		Content     string `json:"content" maxLength:"16384" doc:"The agent's first message (stored verbatim; render it as text)"`
	}
}

type startChatOutput struct {
	Status int
	Body   struct {
		Conversation *kefu.Conversation `json:"conversation"`
		Message      *kefu.Message      `json:"message"`
		Duplicate    bool               `json:"duplicate" doc:"True when client_msg_id already started this conversation"`
	}
}

// startChat starts a conversation with a visitor, assigned to the agent, with their message:
// 201, or 200 for a retry of one already started; 409 when the visitor has an open one.
func (s *server) startChat(ctx context.Context, in *startChatInput) (*startChatOutput, error) {
	started := time.Now()
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Visitors.StartChat(ctx, actor, conversation.ChatInvite{
		ContactID: in.ContactID, InboxID: in.Body.InboxID,
		First: kefu.SendRequest{ClientMsgID: in.Body.ClientMsgID, Content: in.Body.Content, Kind: kefu.KindText},
	})
	if err != nil {
		return nil, err
	}
	out := &startChatOutput{Status: http.StatusCreated}
	if st.Duplicate {
		out.Status = http.StatusOK
	} else {
		s.metrics.ObserveSend(st.First.SenderType, "rest", started)
	}
	out.Body.Conversation, out.Body.Message, out.Body.Duplicate = st.Conversation, st.First, st.Duplicate
	return out, nil
}

type pageViewInput struct {
	Body struct {
		URL      string `json:"url" maxLength:"4000" doc:"The page's URL (http or https)"`
		Title    string `json:"title,omitempty" maxLength:"1000" doc:"The page's document.title"`
		Referrer string `json:"referrer,omitempty" maxLength:"4000" doc:"document.referrer; kept as the first of a visit"`
		Language string `json:"language,omitempty" maxLength:"35" doc:"The browser's language (navigator.language)"`
	}
}

// widgetPageView records the page the visitor is on: the loader reports each page and each
// SPA route change (throttled), so agents see it in the live visitor list.
func (s *server) widgetPageView(ctx context.Context, in *pageViewInput) (*struct{}, error) {
	actor, err := visitorFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	_, err = s.Visitors.PageView(ctx, actor, visitor.PageReport{URL: b.URL, Title: b.Title, Referrer: b.Referrer, Language: b.Language})
	return nil, err
}
