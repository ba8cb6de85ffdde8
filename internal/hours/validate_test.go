package hours

import (
	"errors"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func TestValidate(t *testing.T) {
	ok := kefu.DayHours{Day: 1, Start: "09:00", End: "18:00"}
	many := func(n int) []kefu.DayHours {
		out := make([]kefu.DayHours, n)
		for i := range out {
			out[i] = ok
		}
		return out
	}
	tests := []struct {
		name  string
		bh    kefu.BusinessHours
		field string // "" = valid
	}{
		{"empty", kefu.BusinessHours{}, ""},
		{"full example", shanghai(), ""},
		{"overnight and 24:00", kefu.BusinessHours{Weekly: []kefu.DayHours{{Day: 0, Start: "22:00", End: "06:00"}, {Day: 6, Start: "00:00", End: "24:00"}}}, ""},
		{"unknown zone", kefu.BusinessHours{Timezone: "Asia/Atlantis"}, "routing.business_hours.timezone"},
		{"Local zone", kefu.BusinessHours{Timezone: "Local"}, "routing.business_hours.timezone"},
		{"day 7", kefu.BusinessHours{Weekly: []kefu.DayHours{ok, {Day: 7, Start: "09:00", End: "10:00"}}}, "routing.business_hours.weekly[1].day"},
		{"start 24:00", kefu.BusinessHours{Weekly: []kefu.DayHours{ok, ok, {Day: 2, Start: "24:00", End: "10:00"}}}, "routing.business_hours.weekly[2].start"},
		{"start without zero", kefu.BusinessHours{Weekly: []kefu.DayHours{{Day: 2, Start: "9:00", End: "10:00"}}}, "routing.business_hours.weekly[0].start"},
		{"end 24:30", kefu.BusinessHours{Weekly: []kefu.DayHours{{Day: 2, Start: "09:00", End: "24:30"}}}, "routing.business_hours.weekly[0].end"},
		{"minute 60", kefu.BusinessHours{Weekly: []kefu.DayHours{{Day: 2, Start: "09:60", End: "10:00"}}}, "routing.business_hours.weekly[0].start"},
		{"too many weekly", kefu.BusinessHours{Weekly: many(71)}, "routing.business_hours.weekly"},
		{"bad date", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-02-30", Closed: true}}}, "routing.business_hours.special[0].date"},
		{"date twice", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Closed: true}, {Date: "2026-10-01", Closed: true}}}, "routing.business_hours.special[1].date"},
		{"closed with hours", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Closed: true, Hours: []kefu.DayHours{ok}}}}, "routing.business_hours.special[0].hours"},
		{"open without hours", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01"}}}, "routing.business_hours.special[0].hours"},
		{"special hour bad", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Hours: []kefu.DayHours{ok, {Start: "09:00", End: "x"}}}}}, "routing.business_hours.special[0].hours[1].end"},
		{"special hours' day ignored", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Hours: []kefu.DayHours{{Day: 99, Start: "09:00", End: "10:00"}}}}}, ""},
		{"long name", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Closed: true, Name: strings.Repeat("节", 101)}}}, "routing.business_hours.special[0].name"},
		{"name of 100 characters", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Closed: true, Name: strings.Repeat("节", 100)}}}, ""},
		{"too many special hours", kefu.BusinessHours{Special: []kefu.SpecialDay{{Date: "2026-10-01", Hours: many(11)}}}, "routing.business_hours.special[0].hours"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.bh)
			var ke *kefu.Error
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.field != "" && (!errors.As(err, &ke) || ke.Code != kefu.CodeInvalid || ke.Field != tt.field):
				t.Errorf("Validate() = %#v, want invalid_input on %s", err, tt.field)
			}
		})
	}
}

func TestValidateAtPrefix(t *testing.T) {
	err := ValidateAt(kefu.BusinessHours{Timezone: "nowhere"}, "sla.business_hours")
	var ke *kefu.Error
	if !errors.As(err, &ke) || ke.Field != "sla.business_hours.timezone" {
		t.Errorf("ValidateAt() = %v, want a field under sla.business_hours", err)
	}
}
