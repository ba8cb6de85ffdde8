package httpapi

import (
	"context"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/kefu-dev/kefu/internal/channel/apichannel"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// tagChannels groups the endpoints platforms and integrators call.
const tagChannels = "Channels"

// apiChannelPath is the API channel's inbound endpoint. Its body is verified before anything
// parses it, so requireValidUTF8 leaves bodies under /api/v1/channels/ alone (see signedBody).
const apiChannelPath = "/api/v1/channels/api/{inbox_id}/messages"

// docAPIChannel describes the inbound endpoint in the OpenAPI document.
const docAPIChannel = "Posts a customer's message to an API inbox. Public: the Standard Webhooks signature is the " +
	"credential. Sign `{webhook-id}.{webhook-timestamp}.{raw body}` with HMAC-SHA256 keyed with the base64-decoded part " +
	"of the inbox's `whsec_` secret and send `v1,<base64>` in webhook-signature (several space-separated signatures " +
	"are allowed, for rotation). The timestamp must be within 5 minutes of the server's clock. A request whose webhook-id " +
	"was already stored is answered 200 with the first result and `duplicate: true`; a new webhook-id with a message id " +
	"the inbox already has is also stored once. 201 = stored now. JSON bodies over 1 MiB are refused with 413; files come by URL " +
	"(fetched by kefu, private and loopback addresses refused) or in a multipart/form-data body: a `payload` part with the JSON " +
	"and `file` parts, the signature over the whole raw body, up to the upload limit. Errors: 401 unauthenticated (missing headers, stale timestamp, " +
	"wrong signature: nothing is parsed or stored), 404 no such API inbox, 422 invalid_input, 413 payload_too_large."

type apiChannelInput struct {
	InboxID     string `path:"inbox_id" maxLength:"36" doc:"The API inbox's id"`
	ID          string `header:"webhook-id" doc:"Unique id of this request; the same on the integrator's retries"`
	Timestamp   string `header:"webhook-timestamp" doc:"Unix seconds when the request was signed"`
	Signature   string `header:"webhook-signature" doc:"Space-separated v1,<base64 HMAC-SHA256> signatures"`
	ContentType string `header:"Content-Type" doc:"application/json, or multipart/form-data with a payload part (the JSON) and file parts"`
	RawBody     []byte `contentType:"application/json"`
}

type apiChannelOutput struct {
	Status int
	Body   apichannel.Result
}

// apiChannelMessage receives one signed customer message for an API inbox.
func (s *server) apiChannelMessage(ctx context.Context, in *apiChannelInput) (*apiChannelOutput, error) {
	if s.APIChannel == nil {
		return nil, errNoAPIChannel
	}
	h := apichannel.Signed{ID: in.ID, Timestamp: in.Timestamp, Signature: in.Signature}
	res, err := s.APIChannel.Receive(ctx, in.InboxID, h, in.ContentType, in.RawBody)
	if err != nil {
		return nil, err
	}
	out := &apiChannelOutput{Status: http.StatusCreated, Body: *res}
	if res.Duplicate {
		out.Status = http.StatusOK
	}
	return out, nil
}

type apiSecretOutput struct {
	Body struct {
		APISecret string `json:"api_secret" doc:"The new Standard Webhooks secret (whsec_…); shown only here"`
	}
}

// rotateAPISecret replaces an API inbox's signing secret and shows the new one, once.
func (s *server) rotateAPISecret(ctx context.Context, in *idInput) (*apiSecretOutput, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	secret, err := s.Admin.RotateAPISecret(ctx, actor, in.ID)
	if err != nil {
		return nil, err
	}
	out := &apiSecretOutput{}
	out.Body.APISecret = secret
	return out, nil
}

// opAPIChannel registers the inbound endpoint with its body limit (a JSON body is refused past
// 1 MiB by requireValidUTF8, a multipart one past the upload limit here), and documents its
// body as apichannel.APIInbound: huma, handing the handler the raw bytes, would say binary.
func opAPIChannel(api registry, maxUpload int64, h func(context.Context, *apiChannelInput) (*apiChannelOutput, error)) {
	o := operation("api-channel-message", http.MethodPost, apiChannelPath, "Post a customer message to an API inbox (signed)", tagChannels)
	o.Description = docAPIChannel
	o.MaxBodyBytes = max(apichannel.MaxBodyBytes, maxUpload+64<<10)
	o.BodyReadTimeout = uploadReadTimeout
	o.SkipValidateBody = true // huma would parse the JSON body to validate it: the handler does, once the signature holds
	o.Errors = append(o.Errors, http.StatusRequestEntityTooLarge)
	huma.Register(api, o, wrap(api.log, h))
	schema := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[apichannel.APIInbound](), true, "APIInbound")
	if p := api.OpenAPI().Paths[apiChannelPath]; p != nil && p.Post != nil && p.Post.RequestBody != nil {
		p.Post.RequestBody.Content["application/json"] = &huma.MediaType{Schema: schema}
		p.Post.RequestBody.Content["multipart/form-data"] = &huma.MediaType{Schema: &huma.Schema{
			Type: "object", Required: []string{"payload"},
			Properties: map[string]*huma.Schema{
				"payload": {Type: "string", Description: "The message as JSON, the schema of the application/json body"},
				"file":    {Type: "array", Items: &huma.Schema{Type: "string", Format: "binary"}, Description: "Files of the message, each with its file name"},
			},
		}}
	}
}

// signedBody says a request's body is checked by its handler after a signature: it must reach
// the handler byte for byte, unparsed.
func signedBody(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/v1/channels/") }

// errNoAPIChannel answers when the server was built without the API channel.
var errNoAPIChannel = kefu.Errorf(kefu.CodeNotFound, "the API channel is not enabled on this server")
