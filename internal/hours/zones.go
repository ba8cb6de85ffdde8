package hours

import (
	"errors"
	"sync"
	"time"
)

// Zones keeps time zones loaded by name, so that building a calendar per routing decision
// does not read the zone database each time. The zero value is ready; a nil *Zones loads
// every time. Safe for concurrent use; it grows by the names asked for (validated ones only).
type Zones struct {
	m sync.Map // name → *time.Location
}

// Load is time.LoadLocation, remembered. "" is UTC; "Local" is refused, since the server's own
// zone is never what a calendar means.
func (z *Zones) Load(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, errors.New(`time zone "Local" is not allowed`)
	}
	if z != nil {
		if loc, ok := z.m.Load(name); ok {
			return loc.(*time.Location), nil
		}
	}
	loc, err := time.LoadLocation(name)
	if err == nil && z != nil {
		z.m.Store(name, loc)
	}
	return loc, err
}
