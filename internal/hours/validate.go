package hours

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// fieldPrefix is where an inbox keeps its business hours in the API's bodies.
const fieldPrefix = "routing.business_hours"

// Limits of one calendar (the kefu.BusinessHours schema says the same to API clients).
const (
	MaxWeekly       = 70
	MaxSpecial      = 400
	MaxSpecialHours = 10
	maxNameLen      = 100
	maxTimezoneLen  = 64
)

// Validate checks bh as an inbox's business hours, naming the offending field by its path in
// the inbox body (routing.business_hours.weekly[2].start).
func Validate(bh kefu.BusinessHours) error {
	return ValidateAt(bh, fieldPrefix)
}

// ValidateAt checks bh, naming fields under prefix (for other owners of a calendar, such as
// an SLA policy).
func ValidateAt(bh kefu.BusinessHours, prefix string) error {
	if err := checkTimezone(bh.Timezone, prefix+".timezone"); err != nil {
		return err
	}
	if len(bh.Weekly) > MaxWeekly {
		return kefu.FieldError(prefix+".weekly", "at most %d weekly intervals", MaxWeekly)
	}
	for i, h := range bh.Weekly {
		if err := checkDayHours(h, fmt.Sprintf("%s.weekly[%d]", prefix, i), true); err != nil {
			return err
		}
	}
	return checkSpecial(bh.Special, prefix+".special")
}

// checkTimezone accepts "" (the organisation's zone) or an IANA name; "Local" would mean the
// server's zone, which is never what an operator means.
func checkTimezone(tz, field string) error {
	if tz == "" {
		return nil
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" || len(tz) > maxTimezoneLen {
		return kefu.FieldError(field, "timezone must be an IANA name such as Asia/Shanghai")
	}
	return nil
}

func checkDayHours(h kefu.DayHours, field string, withDay bool) error {
	if withDay && (h.Day < 0 || h.Day > 6) {
		return kefu.FieldError(field+".day", "day must be 0 (Sunday) to 6 (Saturday)")
	}
	if _, ok := parseClock(h.Start, false); !ok {
		return kefu.FieldError(field+".start", "start must be HH:MM from 00:00 to 23:59")
	}
	if _, ok := parseClock(h.End, true); !ok {
		return kefu.FieldError(field+".end", "end must be HH:MM from 00:00 to 24:00")
	}
	return nil
}

func checkSpecial(days []kefu.SpecialDay, field string) error {
	if len(days) > MaxSpecial {
		return kefu.FieldError(field, "at most %d special days", MaxSpecial)
	}
	seen := make(map[string]bool, len(days))
	for i, d := range days {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := checkSpecialDay(d, f); err != nil {
			return err
		}
		if seen[d.Date] {
			return kefu.FieldError(f+".date", "date %s is listed twice", d.Date)
		}
		seen[d.Date] = true
	}
	return nil
}

func checkSpecialDay(d kefu.SpecialDay, field string) error {
	if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
		return kefu.FieldError(field+".date", "date must be a real YYYY-MM-DD date")
	}
	if utf8.RuneCountInString(d.Name) > maxNameLen {
		return kefu.FieldError(field+".name", "name must be at most %d characters", maxNameLen)
	}
	switch {
	case d.Closed && len(d.Hours) > 0:
		return kefu.FieldError(field+".hours", "a closed day has no hours")
	case !d.Closed && len(d.Hours) == 0:
		return kefu.FieldError(field+".hours", "give the day's hours, or mark it closed")
	case len(d.Hours) > MaxSpecialHours:
		return kefu.FieldError(field+".hours", "at most %d intervals a day", MaxSpecialHours)
	}
	for i, h := range d.Hours {
		if err := checkDayHours(h, fmt.Sprintf("%s.hours[%d]", field, i), false); err != nil {
			return err
		}
	}
	return nil
}
