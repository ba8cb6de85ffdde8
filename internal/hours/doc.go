// Package hours is the business-hours calendar: whether an inbox (later a ticket's SLA) is open
// at an instant, and when it next opens or closes. It is pure — every function takes the time
// it asks about, never reads a clock — so routing and SLA code can be tested at any instant.
//
// Hours are wall-clock times in the calendar's IANA time zone. An interval is turned into two
// instants with time.Date in that zone, so a day on which clocks change is as long as it is
// there. Where a boundary falls in a daylight-saving gap (02:30 on the night clocks jump from
// 02:00 to 03:00) it is the moment of the jump; where a wall time happens twice (01:30 on the
// night clocks fall back) it is its first occurrence.
package hours
