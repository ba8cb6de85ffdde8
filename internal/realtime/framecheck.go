package realtime

import (
	"maps"
	"slices"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// Validate checks the limits and required fields of a frame whose fields are allowed for its
// type. DecodeClientFrame calls it; Go clients may call it before sending.
func (f *ClientFrame) Validate() error {
	if _, ok := frameFields[f.Type]; !ok {
		return kefu.FieldError("type", "unknown frame type")
	}
	if len(f.Ref) > MaxRefLen {
		return kefu.FieldError("ref", "ref is longer than %d bytes", MaxRefLen)
	}
	switch f.Type {
	case FrameHello:
		return f.validateHello()
	case FrameSend:
		return f.validateSend()
	case FrameRead:
		if f.Seq < 0 {
			return kefu.FieldError("seq", "seq must not be negative")
		}
		return checkID("conversation_id", f.ConversationID)
	case FrameTyping:
		return checkID("conversation_id", f.ConversationID)
	case FrameViews:
		if len(f.Views) == 0 {
			return kefu.FieldError("views", "views is required")
		}
		return checkOpen(f.ConversationID, checkViews(f.Views))
	}
	return nil
}

// checkOpen checks the conversation a views frame or hello says is open ("" = none), after err.
func checkOpen(id string, err error) error {
	if err != nil || id == "" {
		return err
	}
	return checkID("conversation_id", id)
}

// checkViews checks that every view is one kefu knows, at most MaxViews of them.
func checkViews(views []string) error {
	if len(views) > MaxViews {
		return kefu.FieldError("views", "more than %d views", MaxViews)
	}
	for _, v := range views {
		if !validView(v) {
			return kefu.FieldError("views", "views are \"mine\", \"unassigned\", \"all\" or \"board\"")
		}
	}
	return nil
}

func (f *ClientFrame) validateHello() error {
	if len(f.Token) > MaxTokenLen {
		return kefu.FieldError("token", "token is longer than %d bytes", MaxTokenLen)
	}
	if f.Cursor != nil && *f.Cursor < 0 {
		return kefu.FieldError("cursor", "cursor must not be negative")
	}
	if f.Cursor != nil && f.Since != nil {
		return kefu.FieldError("since", "a hello carries cursor (agents) or since (visitors), not both")
	}
	if !f.Scope.Valid() {
		return kefu.FieldError("scope", "scope must be \"all\" or \"assigned\"")
	}
	if f.Scope != "" && f.Since != nil {
		return kefu.FieldError("scope", "scope is for agents; visitors send since")
	}
	if err := checkViews(f.Views); err != nil {
		return err
	}
	if (f.Views != nil || f.ConversationID != "") && f.Since != nil {
		return kefu.FieldError("views", "views are for agents; visitors send since")
	}
	if err := checkOpen(f.ConversationID, nil); err != nil {
		return err
	}
	if len(f.Since) > MaxSinceItems {
		return kefu.FieldError("since", "since has more than %d conversations", MaxSinceItems)
	}
	// Sorted, so that a hello with several bad entries always gets the same error.
	for _, id := range slices.Sorted(maps.Keys(f.Since)) {
		if err := checkID("since", id); err != nil {
			return err
		}
		if f.Since[id] < 0 {
			return kefu.FieldError("since", "seq must not be negative")
		}
	}
	return nil
}

func (f *ClientFrame) validateSend() error {
	if err := checkID("conversation_id", f.ConversationID); err != nil {
		return err
	}
	switch {
	case f.ClientMsgID == "":
		return kefu.FieldError("client_msg_id", "client_msg_id is required")
	case len(f.ClientMsgID) > kefu.MaxClientMsgIDLen:
		return kefu.FieldError("client_msg_id", "client_msg_id is longer than %d bytes", kefu.MaxClientMsgIDLen)
	case len(f.Content) > kefu.MaxContentBytes:
		return kefu.FieldError("content", "content is larger than %d bytes", kefu.MaxContentBytes)
	case f.Kind != "" && !f.Kind.Valid():
		return kefu.FieldError("kind", "unknown message kind")
	case len(f.AttachmentIDs) > kefu.MaxAttachments:
		return kefu.FieldError("attachment_ids", "more than %d attachments", kefu.MaxAttachments)
	case f.Content == "" && len(f.AttachmentIDs) == 0:
		return kefu.FieldError("content", "a message needs content or attachments")
	}
	for _, id := range f.AttachmentIDs {
		if err := checkID("attachment_ids", id); err != nil {
			return err
		}
	}
	return nil
}

// checkID checks only what the codec can know: an id is present and short. Whether it names
// something the caller may touch is the Backend's decision.
func checkID(field, id string) error {
	if id == "" {
		return kefu.FieldError(field, "%s is required", field)
	}
	if len(id) > MaxIDLen {
		return kefu.FieldError(field, "%s is longer than %d bytes", field, MaxIDLen)
	}
	return nil
}
