package httpapi

import (
	"context"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// The message endpoints exist twice — for agents and for widget visitors — with the same
// shapes. Each pair shares one implementation that takes the way to find the actor.
type actorFunc func(context.Context) (kefu.Actor, error)

type listMessagesInput struct {
	ID     string `path:"id" maxLength:"36"`
	After  int64  `query:"after" minimum:"0" doc:"Messages with seq greater than this, ascending; after=0 pages from the first message. Takes precedence over before."`
	Before int64  `query:"before" minimum:"0" doc:"Messages with seq less than this (the newest of them), ascending"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	// afterGiven tells after=0 (page forward from the first message) from no after at all
	// (the newest page), which the zero value cannot.
	afterGiven bool
}

// Resolve implements huma.Resolver: it notes whether the query named after at all.
func (in *listMessagesInput) Resolve(ctx huma.Context) []error {
	u := ctx.URL()
	in.afterGiven = u.Query().Has("after")
	return nil
}

type messagesOutput struct {
	Body struct {
		Messages []kefu.Message `json:"messages"`
	}
}

func (s *server) listMessagesAs(ctx context.Context, who actorFunc, in *listMessagesInput) ([]kefu.Message, error) {
	actor, err := who(ctx)
	if err != nil {
		return nil, err
	}
	return s.Conversations.Messages(ctx, actor, in.ID, kefu.MessageQuery{Forward: in.afterGiven, AfterSeq: in.After, BeforeSeq: in.Before, Limit: in.Limit})
}

type sendBody struct {
	ClientMsgID   string           `json:"client_msg_id,omitempty" maxLength:"64" doc:"Client-chosen id; a retry with the same id returns the original message"`
	Content       string           `json:"content" maxLength:"16384" doc:"Message text (stored verbatim; render it as text)"`
	Kind          kefu.MessageKind `json:"kind,omitempty" enum:"text,note" doc:"note is internal and never reaches the visitor (agents only)"`
	AttachmentIDs []string         `json:"attachment_ids,omitempty" maxItems:"10" doc:"Ids returned by the attachments endpoint"`
}

type sendInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body sendBody
}

// sendResult is a committed message and whether it was already stored.
type sendResult[M any] struct {
	Status int
	Body   struct {
		Message   M    `json:"message"`
		Duplicate bool `json:"duplicate" doc:"True when client_msg_id was already used: this is the original message"`
	}
}

// sendAs answers only after the message is committed: 201 for a new message, 200 for a retry
// of one already stored.
func sendAs[M any](ctx context.Context, s *server, who actorFunc, in *sendInput, view func(*kefu.Message) M) (*sendResult[M], error) {
	started := time.Now()
	actor, err := who(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	m, dup, err := s.Conversations.Send(ctx, actor, kefu.SendRequest{
		ConversationID: in.ID, ClientMsgID: b.ClientMsgID, Content: b.Content, Kind: b.Kind, AttachmentIDs: b.AttachmentIDs,
	})
	if err != nil {
		return nil, err
	}
	out := &sendResult[M]{Status: 201}
	if dup {
		out.Status = 200
	} else {
		s.metrics.ObserveSend(m.SenderType, "rest", started)
	}
	out.Body.Message, out.Body.Duplicate = view(m), dup
	return out, nil
}

type readInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Seq int64 `json:"seq" minimum:"0" doc:"Every message up to this seq has been read"`
	}
}

func (s *server) readAs(ctx context.Context, who actorFunc, in *readInput) (*struct{}, error) {
	actor, err := who(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Conversations.MarkRead(ctx, actor, in.ID, in.Body.Seq)
}

type typingInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Typing  bool `json:"typing"`
		Private bool `json:"private,omitempty" doc:"Agents writing a note: tell only other agents"`
	}
}

func (s *server) typingAs(ctx context.Context, who actorFunc, in *typingInput) (*struct{}, error) {
	actor, err := who(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Conversations.Typing(ctx, actor, in.ID, in.Body.Typing, in.Body.Private)
}

type uploadInput struct {
	ID      string `path:"id" maxLength:"36"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true" doc:"The file; its type is detected from its content"`
	}]
}

type attachmentOutput[A any] struct {
	Status int
	Body   A
}

func uploadAs[A any](ctx context.Context, s *server, who actorFunc, in *uploadInput, view func(*kefu.Attachment) A) (*attachmentOutput[A], error) {
	actor, err := who(ctx)
	if err != nil {
		return nil, err
	}
	f := in.RawBody.Data().File
	defer f.Close()
	a, err := s.Conversations.Upload(ctx, actor, in.ID, f.Filename, f)
	if err != nil {
		return nil, err
	}
	return &attachmentOutput[A]{Status: 201, Body: view(a)}, nil
}

// Agent endpoints: the full message.

func fullMessage(m *kefu.Message) *kefu.Message          { return m }
func fullAttachment(a *kefu.Attachment) *kefu.Attachment { return a }

func (s *server) listMessages(ctx context.Context, in *listMessagesInput) (*messagesOutput, error) {
	msgs, err := s.listMessagesAs(ctx, agentFrom, in)
	if err != nil {
		return nil, err
	}
	out := &messagesOutput{}
	out.Body.Messages = msgs
	return out, nil
}
func (s *server) sendMessage(ctx context.Context, in *sendInput) (*sendResult[*kefu.Message], error) {
	return sendAs(ctx, s, agentFrom, in, fullMessage)
}
func (s *server) markRead(ctx context.Context, in *readInput) (*struct{}, error) {
	return s.readAs(ctx, agentFrom, in)
}
func (s *server) typing(ctx context.Context, in *typingInput) (*struct{}, error) {
	return s.typingAs(ctx, agentFrom, in)
}
func (s *server) uploadAttachment(ctx context.Context, in *uploadInput) (*attachmentOutput[*kefu.Attachment], error) {
	return uploadAs(ctx, s, agentFrom, in, fullAttachment)
}

// Widget endpoints: the visitor's projection, the same shape the realtime frames carry.

type widgetMessagesOutput struct {
	Body struct {
		Messages []*kefu.VisitorMessage `json:"messages"`
	}
}

func (s *server) widgetMessages(ctx context.Context, in *listMessagesInput) (*widgetMessagesOutput, error) {
	msgs, err := s.listMessagesAs(ctx, visitorFrom, in)
	if err != nil {
		return nil, err
	}
	out := &widgetMessagesOutput{}
	out.Body.Messages = make([]*kefu.VisitorMessage, 0, len(msgs))
	for i := range msgs {
		out.Body.Messages = append(out.Body.Messages, s.visitorMessage(&msgs[i]))
	}
	return out, nil
}
func (s *server) widgetSend(ctx context.Context, in *sendInput) (*sendResult[*kefu.VisitorMessage], error) {
	return sendAs(ctx, s, visitorFrom, in, s.visitorMessage)
}
func (s *server) widgetRead(ctx context.Context, in *readInput) (*struct{}, error) {
	return s.readAs(ctx, visitorFrom, in)
}
func (s *server) widgetTyping(ctx context.Context, in *typingInput) (*struct{}, error) {
	return s.typingAs(ctx, visitorFrom, in)
}
func (s *server) widgetUpload(ctx context.Context, in *uploadInput) (*attachmentOutput[*kefu.VisitorAttachment], error) {
	return uploadAs(ctx, s, visitorFrom, in, s.visitorAttachment)
}

// visitorMessage projects m for a visitor, its attachments linked by signed, expiring URLs.
func (s *server) visitorMessage(m *kefu.Message) *kefu.VisitorMessage {
	return kefu.NewVisitorMessage(m, s.FileLinks)
}

// visitorAttachment projects a for a visitor with a signed, expiring URL.
func (s *server) visitorAttachment(a *kefu.Attachment) *kefu.VisitorAttachment {
	return kefu.NewVisitorAttachment(a, s.FileLinks)
}
