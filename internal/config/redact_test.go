package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestRedacted(t *testing.T) {
	secret := strings.Repeat("s", 40)
	tests := []struct {
		name       string
		secretKey  string
		dbURL      string
		wantSecret string
		wantDB     string
	}{
		{"generated key, sqlite", "", "", "<generated>", ""},
		{"configured key", secret, "", "<redacted>", ""},
		{"password in userinfo", secret, "postgres://kefu:hunter2@db:5432/kefu?sslmode=disable", "<redacted>", "postgres://kefu:xxxxx@db:5432/kefu?sslmode=disable"},
		{"password in query", "", "postgres://db/kefu?password=hunter2&user=kefu", "<generated>", "postgres://db/kefu?password=xxxxx&user=kefu"},
		{"no password", "", "postgres://kefu@db/kefu", "<generated>", "postgres://kefu@db/kefu"},
		{"unparsable", "", "postgres://kefu:hunter2@db:port/x", "<generated>", "xxxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.SecretKey, c.DatabaseURL = tt.secretKey, tt.dbURL
			m := c.Redacted()
			if m["secret_key"] != tt.wantSecret || m["database_url"] != tt.wantDB {
				t.Fatalf("got secret_key %v, database_url %v, want %v, %v", m["secret_key"], m["database_url"], tt.wantSecret, tt.wantDB)
			}
			for k, v := range m {
				if s, ok := v.(string); ok && (strings.Contains(s, "hunter2") || strings.Contains(s, secret)) {
					t.Fatalf("got %s=%q, want no secret in the output", k, s)
				}
			}
		})
	}
}

func TestRedactedShape(t *testing.T) {
	c := Default()
	c.TrustedProxies = []string{"10.0.0.0/8"}
	m := c.Redacted()
	if len(m) != len(c.values()) {
		t.Fatalf("got %d keys, want %d", len(m), len(c.values()))
	}
	if m["event_retention"] != "168h0m0s" || m["max_connections"] != 50000 || !reflect.DeepEqual(m["trusted_proxies"], []string{"10.0.0.0/8"}) {
		t.Fatalf("got %v, want durations as strings, numbers and lists kept", m)
	}
	c.TrustedProxies[0] = "changed"
	if m["trusted_proxies"].([]string)[0] != "10.0.0.0/8" {
		t.Fatal("got the map sharing the config's slice, want a copy")
	}
}

// The master key never shows in `kefu config print`; when unset it says where the key comes from.
func TestRedactedMasterKey(t *testing.T) {
	c := Default()
	if got := c.Redacted()["master_key"]; got != "<data_dir>/master.key" {
		t.Errorf("unset master_key prints %v, want <data_dir>/master.key", got)
	}
	c.MasterKey = "a2VmdS10ZXN0LWtleS1lbmNyeXB0aW9uLWtleS0zMmI="
	if got := c.Redacted()["master_key"]; got != "<redacted>" {
		t.Errorf("configured master_key prints %v, want <redacted>", got)
	}
}
