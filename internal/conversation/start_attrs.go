package conversation

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// startAttributes validates the routing attributes a visitor's start carries and returns them
// as the conversation should keep them. The region a visitor names is believed only when the
// inbox does not enforce signed identities: an inbox that does has said it trusts only what the
// host site signs, and a region routes (to a team, a language, a priority), so a visitor could
// otherwise pick their own queue. There the region comes from the server side instead (signed
// identity attributes or the IP → region database).
func (s *Service) startAttributes(ctx context.Context, actor kefu.Actor, req StartRequest) (StartRequest, error) {
	out := req
	out.InquiryType, out.Language, out.Region = strings.TrimSpace(req.InquiryType), strings.TrimSpace(req.Language), strings.TrimSpace(req.Region)
	if err := checkAttr("inquiry_type", out.InquiryType); err != nil {
		return out, err
	}
	if err := checkAttr("region", out.Region); err != nil {
		return out, err
	}
	if out.Language != "" && !kefu.ValidLanguageTag(out.Language) {
		return out, kefu.FieldError("language", "must be a language tag such as en or zh-CN")
	}
	if out.Region == "" {
		return out, nil
	}
	inbox, err := s.store.GetInbox(ctx, actor.OrgID, actor.InboxID)
	if err != nil {
		return out, err
	}
	if inbox.EnforceIdentity {
		out.Region = "" // not the visitor's to say here; see above
	}
	return out, nil
}

// checkAttr refuses an attribute longer than kefu.MaxRoutingAttr characters or with control
// characters, which no inquiry type or region has and which would garble the workspace.
func checkAttr(field, v string) error {
	if utf8.RuneCountInString(v) > kefu.MaxRoutingAttr {
		return kefu.FieldError(field, "is too long")
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return kefu.FieldError(field, "must not contain control characters")
	}
	return nil
}
