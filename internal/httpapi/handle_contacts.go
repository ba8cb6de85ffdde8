package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/contact"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type listContactsInput struct {
	Q      string `query:"q" maxLength:"200" doc:"Search name, email and phone"`
	Cursor string `query:"cursor" maxLength:"500"`
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"25"`
}

type contactsOutput struct {
	Body struct {
		Contacts   []kefu.Contact `json:"contacts"`
		NextCursor string         `json:"next_cursor"`
	}
}

func (s *server) listContacts(ctx context.Context, in *listContactsInput) (*contactsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	cs, next, err := s.Contacts.List(ctx, actor, kefu.ContactQuery{Search: in.Q, Cursor: in.Cursor, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	out := &contactsOutput{}
	out.Body.Contacts, out.Body.NextCursor = cs, next
	return out, nil
}

type contactOutput struct {
	Body *kefu.Contact
}

func (s *server) getContact(ctx context.Context, in *idInput) (*contactOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Contacts.Get(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &contactOutput{Body: c}, nil
}

type updateContactInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name       *string           `json:"name,omitempty" maxLength:"200"`
		Email      *string           `json:"email,omitempty" maxLength:"200"`
		Phone      *string           `json:"phone,omitempty" maxLength:"40"`
		Level      *string           `json:"level,omitempty" maxLength:"100" doc:"The customer's level, e.g. vip: a routing condition; \"\" clears it"`
		Attributes map[string]string `json:"attributes,omitempty" maxProperties:"50" doc:"Merged into the contact's; an empty value removes the key"`
	}
}

func (s *server) updateContact(ctx context.Context, in *updateContactInput) (*contactOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := s.Contacts.Update(ctx, actor, in.ID, contact.Patch{Name: b.Name, Email: b.Email, Phone: b.Phone, Level: b.Level, Attributes: b.Attributes})
	if err != nil {
		return nil, err
	}
	return &contactOutput{Body: c}, nil
}

// contactConversation is a conversation of a contact with its inbox's channel, for the
// contact sidebar's list across channels.
type contactConversation struct {
	kefu.Conversation
	Channel kefu.ChannelType `json:"channel" doc:"The channel of the conversation's inbox: web, email, telegram, api, ..."`
}

type contactConversationsOutput struct {
	Body struct {
		Conversations []contactConversation `json:"conversations"`
	}
}

func (s *server) contactConversations(ctx context.Context, in *idInput) (*contactConversationsOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	convs, err := s.Conversations.ContactConversations(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	inboxes, err := s.Admin.ListInboxes(ctx, actor)
	if err != nil {
		return nil, err
	}
	channels := make(map[string]kefu.ChannelType, len(inboxes))
	for _, ib := range inboxes {
		channels[ib.ID] = ib.Channel
	}
	out := &contactConversationsOutput{}
	out.Body.Conversations = make([]contactConversation, len(convs))
	for i, c := range convs {
		out.Body.Conversations[i] = contactConversation{Conversation: c, Channel: channels[c.InboxID]}
	}
	return out, nil
}
