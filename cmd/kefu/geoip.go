package main

import (
	"fmt"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/geoip"
)

// openGeoIP opens the operator's IP → region database named by geoip_database and returns it
// as the conversation service's Regions, nil when the setting is empty. A file that cannot be
// read stops the server with an error naming the setting, so it is fixed at once instead of
// silently routing every visitor as "region unknown".
func (m *Main) openGeoIP() (conversation.Regions, error) {
	path := m.Config.GeoIPDatabase
	if path == "" {
		return nil, nil
	}
	r, err := geoip.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geoip_database: %w", err)
	}
	m.geoip = r
	m.Logger.Info("GeoIP database opened", "path", path)
	return r, nil
}
