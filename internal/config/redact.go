package config

import "net/url"

// Redacted returns the configuration by key for `kefu config print`, safe to show: the secret
// key becomes "<redacted>" (or "<generated>" when kefu generates it) and a password in
// database_url becomes "xxxxx". Lists stay lists; durations print as Go durations.
func (c Config) Redacted() map[string]any {
	m := c.values()
	for k, v := range m {
		if d, ok := v.(interface{ String() string }); ok {
			m[k] = d.String()
		}
	}
	m["secret_key"] = "<redacted>"
	if c.SecretKey == "" {
		m["secret_key"] = "<generated>"
	}
	m["master_key"] = "<redacted>"
	if c.MasterKey == "" {
		m["master_key"] = "<data_dir>/master.key"
	}
	m["database_url"] = redactURL(c.DatabaseURL)
	return m
}

// redactURL hides the password of a URL, in the userinfo or as a password= query parameter
// (both are valid for PostgreSQL). An unparsable URL is hidden entirely: it might be anything.
func redactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "xxxxx"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
