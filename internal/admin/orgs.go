package admin

import (
	"context"
	"strings"
	"time"

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
	if err := requireAgent(actor, kefu.RoleAgent); err != nil {
		return nil, err
	}
	return s.store.GetOrg(ctx, actor.OrgID)
}

// UpdateOrg renames the organisation or changes its settings (admin and above).
func (s *Service) UpdateOrg(ctx context.Context, actor kefu.Actor, p OrgPatch) (*kefu.Org, error) {
	if err := requireAgent(actor, kefu.RoleAdmin); err != nil {
		return nil, err
	}
	org, err := s.store.GetOrg(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		if org.Name, err = cleanName("name", *p.Name, maxNameLen); err != nil {
			return nil, err
		}
	}
	if p.Settings != nil {
		if p.Settings.Require2FA != org.Settings.Require2FA && !actor.Has(kefu.PermSecurityManage) {
			return nil, kefu.Errorf(kefu.CodeForbidden, "requiring two-factor sign-in needs the security.manage permission")
		}
		if org.Settings, err = cleanSettings(*p.Settings); err != nil {
			return nil, err
		}
	}
	if err := s.store.UpdateOrg(ctx, org); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "org updated", "org_id", org.ID, "agent_id", actor.AgentID)
	return org, nil
}

// cleanSettings checks the locale is one kefu ships and the time zone is one the server knows.
func cleanSettings(in kefu.OrgSettings) (kefu.OrgSettings, error) {
	in.Locale = strings.TrimSpace(in.Locale)
	in.Timezone = strings.TrimSpace(in.Timezone)
	if !kefu.ValidLocale(in.Locale) {
		return in, kefu.FieldError("settings.locale", "locale must be one of %s", strings.Join(kefu.Locales(), ", "))
	}
	if err := checkTimezone(in.Timezone); err != nil {
		return in, err
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
