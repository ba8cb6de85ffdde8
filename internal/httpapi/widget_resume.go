package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/channel/webchat"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// resumePage is how many of the current conversation's newest messages a session answer
// carries: the widget's first history page, so a returning visitor needs no second request.
const resumePage = 50

// widgetResume is what the widget would otherwise fetch before opening its socket: the
// visitor's conversations of the inbox and the newest page of the current one's messages. A
// new visitor's session answer is then everything they need (one request, then the socket).
type widgetResume struct {
	Conversations []*kefu.VisitorConversation `json:"conversations" doc:"The visitor's conversations of this inbox, as GET /widget/conversations answers"`
	Messages      []*kefu.VisitorMessage      `json:"messages" doc:"The newest messages (up to 50, oldest first) of the most recently started conversation, as GET /widget/conversations/{id}/messages?limit=50 answers"`
}

// widgetResumeOf reads the resume data of the session's visitor.
func (s *server) widgetResumeOf(ctx context.Context, sess *webchat.Session) (widgetResume, error) {
	actor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: sess.Inbox.OrgID, ContactID: sess.Contact.ID, InboxID: sess.Inbox.ID}
	out := widgetResume{Conversations: []*kefu.VisitorConversation{}, Messages: []*kefu.VisitorMessage{}}
	convs, err := s.Conversations.VisitorConversations(ctx, actor)
	if err != nil || len(convs) == 0 {
		return out, err
	}
	current := &convs[0]
	for i := range convs {
		out.Conversations = append(out.Conversations, kefu.NewVisitorConversation(&convs[i]))
		if convs[i].CreatedAt.After(current.CreatedAt) {
			current = &convs[i]
		}
	}
	msgs, err := s.Conversations.Messages(ctx, actor, current.ID, kefu.MessageQuery{Limit: resumePage})
	for i := range msgs {
		out.Messages = append(out.Messages, s.visitorMessage(&msgs[i]))
	}
	return out, err
}
