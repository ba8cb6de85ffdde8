package httpapi

import (
	"context"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/kefu"
)

type inboxesOutput struct {
	Body struct {
		Inboxes []InboxView `json:"inboxes"`
	}
}

// InboxView is an inbox with what its channel can send, so the composer can say so. It is
// exported so that huma flattens it into inboxWithSnippet's schema as encoding/json does.
type InboxView struct {
	*kefu.Inbox
	Capabilities *channelCapabilities `json:"capabilities" doc:"What replies this inbox's channel can take; null when its channel has no adapter"`
}

// channelCapabilities are channel.Capabilities as the composer needs them: limits are the
// smaller of the channel's and kefu's own.
type channelCapabilities struct {
	Sends               []kefu.MessageKind `json:"sends" doc:"Kinds a reply may be (text, image, file)"`
	MaxTextBytes        int                `json:"max_text_bytes"`
	MaxAttachmentBytes  int64              `json:"max_attachment_bytes"`
	ReplyWindowSeconds  int64              `json:"reply_window_seconds" doc:"Replies only this long after the customer's last message; 0 = always"`
	MaxRepliesPerWindow int                `json:"max_replies_per_window" doc:"Replies the platform takes per customer message (WeCom: 5); 0 = no limit"`
	Realtime            bool               `json:"realtime" doc:"Replies reach the customer by realtime push; otherwise a delivery job sends them"`
	IdempotentSends     bool               `json:"idempotent_sends" doc:"The platform recognises a repeated delivery by its key (the message id), so kefu resends after a crash; otherwise such a reply fails and waits for the agent's retry"`
}

func (s *server) inboxView(in *kefu.Inbox) InboxView {
	if in.Channel != kefu.ChannelWeb {
		c := *in
		c.WidgetKey = "" // an internal placeholder: only a web inbox has a widget
		in = &c
	}
	v := InboxView{Inbox: in}
	if s.Channels == nil {
		return v
	}
	if c, ok := s.Channels.Capabilities(in.Channel); ok {
		v.Capabilities = &channelCapabilities{
			Sends: c.Sends, MaxTextBytes: lowest(c.MaxTextBytes, kefu.MaxContentBytes),
			MaxAttachmentBytes: lowest(c.MaxAttachmentBytes, s.MaxUploadBytes),
			ReplyWindowSeconds: int64(c.ReplyWindow.Seconds()), MaxRepliesPerWindow: c.MaxRepliesPerWindow,
			Realtime: c.Realtime, IdempotentSends: c.IdempotentSends,
		}
	}
	return v
}

// lowest is the smaller of two limits where 0 means none.
func lowest[T int | int64](a, b T) T {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

func (s *server) listInboxes(ctx context.Context, _ *struct{}) (*inboxesOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	inboxes, err := s.Admin.ListInboxes(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &inboxesOutput{}
	out.Body.Inboxes = make([]InboxView, len(inboxes))
	for i := range inboxes {
		out.Body.Inboxes[i] = s.inboxView(&inboxes[i])
	}
	return out, nil
}

// inboxWithSnippet is an inbox and the <script> tag that embeds its widget.
type inboxWithSnippet struct {
	InboxView
	EmbedSnippet string `json:"embed_snippet" doc:"Paste into every page that should show the chat widget; empty for an inbox of another channel"`
	// GeneratedSecrets are credentials kefu generated in this request for the administrator
	// to hand on (the API channel's signing secret): in this response only, never again.
	GeneratedSecrets *kefu.ChannelSecrets `json:"generated_secrets,omitempty" doc:"Secrets kefu generated for you (the API channel's api_secret): shown in this response only, never again"`
}

type inboxOutput struct {
	Status int
	Body   inboxWithSnippet
}

func (s *server) inboxOutput(ctx context.Context, actor kefu.Actor, in *kefu.Inbox, status int) (*inboxOutput, error) {
	out := &inboxOutput{Status: status, Body: inboxWithSnippet{InboxView: s.inboxView(in)}}
	if !in.Secrets.Empty() {
		generated := in.Secrets // the admin service leaves only secrets it generated just now
		out.Body.GeneratedSecrets = &generated
	}
	if in.Channel != kefu.ChannelWeb {
		return out, nil
	}
	var err error
	out.Body.EmbedSnippet, err = s.Admin.InboxSnippet(ctx, actor, in.ID, baseURLFrom(ctx))
	return out, err
}

type createInboxInput struct {
	Body struct {
		Channel         kefu.ChannelType     `json:"channel,omitempty" enum:"web,wechat,wecom,miniprogram,email,telegram,api" doc:"The inbox's channel, fixed once created; default web"`
		Config          *kefu.ChannelConfig  `json:"config,omitempty" doc:"How the inbox reaches its platform: only the member of its channel (email, telegram or api); none for web"`
		Secrets         *kefu.ChannelSecrets `json:"secrets,omitempty" doc:"The channel's credentials (imap_password, smtp_password, bot_token, ...): write-only, never returned; config.secrets_set names those set"`
		Name            string               `json:"name" maxLength:"100"`
		Greeting        string               `json:"greeting,omitempty" maxLength:"1000"`
		AllowedOrigins  []string             `json:"allowed_origins,omitempty" maxItems:"100" doc:"Sites that may embed the widget, e.g. https://shop.example.com; empty = any"`
		EnforceIdentity bool                 `json:"enforce_identity,omitempty" doc:"Refuse setUser calls without a valid identity hash"`
		MemberIDs       []string             `json:"member_ids,omitempty" maxItems:"1000" doc:"Agents who answer this inbox; empty = every agent"`
		TeamIDs         []string             `json:"team_ids,omitempty" maxItems:"100" doc:"Teams attached: with team scoping on, their agents see this inbox"`
		Widget          *kefu.WidgetSettings `json:"widget,omitempty" doc:"Widget colour, away message, locale and pre-chat form; omit for the defaults"`
		Routing         *kefu.InboxRouting   `json:"routing,omitempty" doc:"Business hours and the queue limit; omit for always open, no limit"`
		Bot             *kefu.BotSettings    `json:"bot,omitempty" doc:"The knowledge-base bot: when it answers first, its thresholds, name and greeting; omit for no bot"`
	}
}

func (s *server) createInbox(ctx context.Context, in *createInboxInput) (*inboxOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	var secrets kefu.ChannelSecrets
	if b.Secrets != nil {
		secrets = *b.Secrets
	}
	ib, err := s.Admin.CreateInbox(ctx, actor, admin.InboxInput{
		Channel: b.Channel, Config: b.Config, Secrets: secrets,
		Name: b.Name, Greeting: b.Greeting, AllowedOrigins: b.AllowedOrigins, EnforceIdentity: b.EnforceIdentity, MemberIDs: b.MemberIDs, TeamIDs: b.TeamIDs,
		Widget: b.Widget, Routing: b.Routing, Bot: b.Bot,
	})
	if err != nil {
		return nil, err
	}
	return s.inboxOutput(ctx, actor, ib, 201)
}

func (s *server) getInbox(ctx context.Context, in *idInput) (*inboxOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	ib, err := s.Admin.GetInbox(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	return s.inboxOutput(ctx, actor, ib, 200)
}

type updateInboxInput struct {
	ID   string `path:"id" maxLength:"36"`
	Body struct {
		Name                 *string              `json:"name,omitempty" maxLength:"100"`
		Greeting             *string              `json:"greeting,omitempty" maxLength:"1000"`
		AllowedOrigins       *[]string            `json:"allowed_origins,omitempty" maxItems:"100"`
		EnforceIdentity      *bool                `json:"enforce_identity,omitempty"`
		MemberIDs            *[]string            `json:"member_ids,omitempty" maxItems:"1000"`
		TeamIDs              *[]string            `json:"team_ids,omitempty" maxItems:"100"`
		Widget               *kefu.WidgetSettings `json:"widget,omitempty" doc:"Replaces the widget settings whole"`
		PIIPolicy            *kefu.PIIPolicy      `json:"pii_policy,omitempty" enum:"off,mask,mask_at_storage" doc:"How personal data in customers' messages is masked"`
		Routing              *kefu.InboxRouting   `json:"routing,omitempty" doc:"Replaces the business hours and queue limit whole"`
		Bot                  *kefu.BotSettings    `json:"bot,omitempty" doc:"Replaces the bot's settings whole"`
		RotateIdentitySecret bool                 `json:"rotate_identity_secret,omitempty" doc:"Replace the identity secret; old hashes stop working"`
		Channel              *kefu.ChannelType    `json:"channel,omitempty" enum:"web,wechat,wecom,miniprogram,email,telegram,api" doc:"Fixed at creation: only the inbox's own channel is accepted"`
		Config               *kefu.ChannelConfig  `json:"config,omitempty" doc:"Replaces the channel configuration whole"`
		Secrets              *kefu.ChannelSecrets `json:"secrets,omitempty" doc:"Write-only: a secret given replaces the stored one; one omitted or empty keeps it"`
		ClearSecrets         []string             `json:"clear_secrets,omitempty" maxItems:"8" enum:"imap_password,smtp_password,bot_token,webhook_secret,api_secret,app_secret,callback_token,encoding_aes_key" doc:"Secrets to remove; a cleared WeChat callback_token or encoding_aes_key is generated again and returned once"`
	}
}

func (s *server) updateInbox(ctx context.Context, in *updateInboxInput) (*inboxOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	ib, err := s.Admin.UpdateInbox(ctx, actor, in.ID, admin.InboxPatch{
		Name: b.Name, Greeting: b.Greeting, AllowedOrigins: b.AllowedOrigins, EnforceIdentity: b.EnforceIdentity,
		MemberIDs: b.MemberIDs, TeamIDs: b.TeamIDs, Widget: b.Widget, PIIPolicy: b.PIIPolicy, Routing: b.Routing, Bot: b.Bot, RotateIdentitySecret: b.RotateIdentitySecret,
		Channel: b.Channel, Config: b.Config, Secrets: secretsPatch(b.Secrets, b.ClearSecrets),
	})
	if err != nil {
		return nil, err
	}
	return s.inboxOutput(ctx, actor, ib, 200)
}

func (s *server) deleteInbox(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.DeleteInbox(ctx, actor, in.ID)
}

type inboxSecretOutput struct {
	Body struct {
		IdentitySecret string `json:"identity_secret" doc:"Key for HMAC-SHA256(secret, user id); keep it on your server"`
	}
}

func (s *server) inboxSecret(ctx context.Context, in *idInput) (*inboxSecretOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	secret, err := s.Admin.InboxSecret(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &inboxSecretOutput{}
	out.Body.IdentitySecret = secret
	return out, nil
}

// secretsPatch is the change of credentials a PATCH asks for; nil when it names none.
func secretsPatch(set *kefu.ChannelSecrets, clear []string) *admin.SecretsPatch {
	if set == nil && len(clear) == 0 {
		return nil
	}
	p := &admin.SecretsPatch{Clear: clear}
	if set != nil {
		p.Set = *set
	}
	return p
}
