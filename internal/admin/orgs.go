package admin

import (
	"context"
	"strings"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// OrgPatch changes an organisation; nil fields stay as they are. Settings replace the whole
// settings object.
type OrgPatch struct {
	Name     *string
	Settings *kefu.OrgSettings
}

// GetOrg returns the actor's organisation. Every agent may read it.
func (s *Service) GetOrg(ctx context.Context, actor kefu.Actor) (*kefu.Org, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return s.store.GetOrg(ctx, actor.OrgID)
}

// UpdateOrg renames the organisation or changes its settings (settings.manage).
func (s *Service) UpdateOrg(ctx context.Context, actor kefu.Actor, p OrgPatch) (*kefu.Org, error) {
	if err := requirePerm(actor, kefu.PermSettingsManage); err != nil {
		return nil, err
	}
	org, err := s.store.GetOrg(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	was := auditFields(org)
	if p.Name != nil {
		if org.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return nil, err
		}
	}
	scoping, routing := org.Settings.TeamScoping, routingSettings(org.Settings)
	if p.Settings != nil {
		if p.Settings.Require2FA != org.Settings.Require2FA && !actor.Has(kefu.PermSecurityManage) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "requiring two-factor sign-in needs the security.manage permission")
		}
		next, err := cleanSettings(*p.Settings)
		if err != nil {
			return nil, err
		}
		if next.PasswordMinLength != org.Settings.PasswordMinLength && !actor.Has(kefu.PermSecurityManage) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "changing the password policy needs the security.manage permission")
		}
		org.Settings = next
	}
	if err := s.store.UpdateOrg(s.within(ctx, actor, ActionSettingsUpdated, "org", org.ID, was, auditFields(org)), org); err != nil {
		return nil, err
	}
	if org.Settings.TeamScoping != scoping {
		s.permissionsChanged(ctx, kefu.PermissionsChange{OrgID: org.ID, All: true})
	}
	if routingSettings(org.Settings) != routing {
		s.routingChanged(org.ID)
	}
	s.log.InfoContext(ctx, "org updated", "org_id", org.ID, "agent_id", actor.AgentID)
	return org, nil
}

// maxPasswordMinLength bounds an organisation's password minimum: longer rules only push
// people to write passwords down.
const maxPasswordMinLength = 128

// maxAcceptTimeout bounds the accept timeout: past an hour, a visitor has long given up.
const maxAcceptTimeout = 3600

// cleanSettings checks the locale is one kefu ships, the time zone is one the server knows and
// the password minimum is sane.
func cleanSettings(in kefu.OrgSettings) (kefu.OrgSettings, error) {
	in.Locale = strings.TrimSpace(in.Locale)
	in.Timezone = strings.TrimSpace(in.Timezone)
	if !kefu.ValidLocale(in.Locale) {
		return in, kefu.FieldError("settings.locale", "locale must be one of %s", strings.Join(kefu.Locales(), ", "))
	}
	if err := checkTimezone(in.Timezone); err != nil {
		return in, err
	}
	if n := in.AcceptTimeoutSeconds; n < 0 || n > maxAcceptTimeout {
		return in, kefu.FieldError("settings.accept_timeout_seconds", "accept_timeout_seconds must be 0 (off) to %d", maxAcceptTimeout)
	}
	if n := in.PasswordMinLength; n != 0 && (n < auth.MinPasswordMinLength || n > maxPasswordMinLength) {
		return in, kefu.FieldError("settings.password_min_length", "password_min_length must be 0 (the server's) or %d to %d", auth.MinPasswordMinLength, maxPasswordMinLength)
	}
	return in, nil
}

// checkTimezone accepts IANA zone names. "" and "Local" load too, but mean "UTC" and "whatever
// the server runs in", which is never what an organisation means.
func checkTimezone(tz string) error {
	if tz == "" || tz == "Local" || len(tz) > maxTimezoneLen {
		return kefu.FieldError("settings.timezone", "timezone must be an IANA name such as Asia/Shanghai")
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return kefu.FieldError("settings.timezone", "unknown timezone %q", tz)
	}
	return nil
}

// orgRouting is the part of an organisation's settings the router reads.
type orgRouting struct {
	autoAssign, releaseOnAway bool
	acceptTimeout             int
}

func routingSettings(st kefu.OrgSettings) orgRouting {
	return orgRouting{autoAssign: st.AutoAssign, releaseOnAway: st.ReleaseOnAway, acceptTimeout: st.AcceptTimeoutSeconds}
}
