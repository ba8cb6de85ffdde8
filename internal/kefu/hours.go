package kefu

// BusinessHours is when an inbox is staffed: weekly hours in an IANA time zone, and special
// days (holidays, extra working days) that replace the week's hours on their date. The
// calendar logic lives in package hours; tickets' SLAs reuse the same type.
type BusinessHours struct {
	Enabled  bool         `json:"enabled" doc:"off: always open"`
	Timezone string       `json:"timezone" doc:"IANA name, e.g. Asia/Shanghai; empty = the organisation's"`
	Weekly   []DayHours   `json:"weekly" maxItems:"70" doc:"opening intervals per weekday; a day with none is closed"`
	Special  []SpecialDay `json:"special" maxItems:"400" doc:"dates whose hours replace the week's"`
}

// DayHours is one opening interval on a weekday, in local wall-clock time. End at or before
// Start means the interval runs past midnight into the next day (e.g. 22:00–06:00).
type DayHours struct {
	Day   int    `json:"day" minimum:"0" maximum:"6" doc:"0 = Sunday … 6 = Saturday"`
	Start string `json:"start" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" doc:"HH:MM"`
	End   string `json:"end" pattern:"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$" doc:"HH:MM; 24:00 = midnight at the end of the day"`
}

// SpecialDay replaces the week's hours on one date: Closed (a holiday), or Hours (a changed or
// extra working day, e.g. a weekend 调休 workday).
type SpecialDay struct {
	Date   string     `json:"date" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"YYYY-MM-DD in the calendar's time zone"`
	Name   string     `json:"name,omitempty" maxLength:"100" doc:"e.g. 国庆节"`
	Closed bool       `json:"closed"`
	Hours  []DayHours `json:"hours,omitempty" maxItems:"10" doc:"the day's intervals when not closed (their day field is ignored)"`
}

// InboxRouting is an inbox's queue and hours settings.
type InboxRouting struct {
	BusinessHours BusinessHours `json:"business_hours"`
	// MaxQueue is the most conversations that may wait in the inbox's queue; past it a new
	// visitor is offered the offline form. 0 = no limit.
	MaxQueue int `json:"max_queue" minimum:"0" maximum:"10000"`
}
