package admin

import (
	"strings"

	"github.com/kefu-dev/kefu/internal/hours"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// maxInboxQueue bounds an inbox's queue limit; the schema says the same to API clients.
const maxInboxQueue = 10000

// cleanInboxRouting checks an inbox's business hours (package hours owns the calendar's rules,
// shared with SLAs) and its queue limit, and returns them with lists never nil.
func cleanInboxRouting(r kefu.InboxRouting) (kefu.InboxRouting, error) {
	r.BusinessHours.Timezone = strings.TrimSpace(r.BusinessHours.Timezone)
	if err := hours.Validate(r.BusinessHours); err != nil {
		return r, err
	}
	if r.MaxQueue < 0 || r.MaxQueue > maxInboxQueue {
		return r, kefu.FieldError("routing.max_queue", "max_queue must be 0 (no limit) to %d", maxInboxQueue)
	}
	r.BusinessHours.Weekly = orEmpty(r.BusinessHours.Weekly)
	r.BusinessHours.Special = orEmpty(r.BusinessHours.Special)
	return r, nil
}

// orEmpty returns v, or an empty list for nil, so the API shows [] rather than null.
func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
