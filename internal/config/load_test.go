package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// writeTOML writes a config file into a temp dir and returns its path.
func writeTOML(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kefu.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// parseFlags binds kefu's flags to a new set and parses args.
func parseFlags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("kefu", pflag.ContinueOnError)
	BindFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Fatalf("got %+v, want the defaults %+v", c, Default())
	}
	c, err = Load(parseFlags(t), []string{"PATH=/bin", "KEFU_TEST_POSTGRES_URL=postgres://x", "KEFU_UNKNOWN=1"})
	if err != nil || !reflect.DeepEqual(c, Default()) {
		t.Fatalf("with unset flags and unrelated env got %+v, %v, want the defaults", c, err)
	}
}

func TestLoadPrecedence(t *testing.T) {
	file := writeTOML(t, `
addr = "127.0.0.1:9000"
data_dir = "/from/file"
log_level = "debug"
trusted_proxies = ["10.0.0.0/8"]
max_connections = 100
event_retention = "2d"
`)
	walvfsOff := writeTOML(t, "sqlite_walvfs = false\n")
	tests := []struct {
		name  string
		args  []string
		env   []string
		check func(Config) string
	}{
		{"file over default", []string{"--config", file}, nil, func(c Config) string {
			return want(c.Addr == "127.0.0.1:9000" && c.LogFormat == "text" && c.MaxConnections == 100 &&
				c.EventRetention == 48*time.Hour && reflect.DeepEqual(c.TrustedProxies, []string{"10.0.0.0/8"}), c)
		}},
		{"file named by env", nil, []string{"KEFU_CONFIG=" + file}, func(c Config) string {
			return want(c.DataDir == "/from/file", c)
		}},
		{"flag names file over env", []string{"--config", file}, []string{"KEFU_CONFIG=/does/not/exist.toml"}, func(c Config) string {
			return want(c.DataDir == "/from/file", c)
		}},
		{"env over file", []string{"--config", file}, []string{"KEFU_DATA_DIR=/from/env", "KEFU_TRUSTED_PROXIES=127.0.0.1/32, ::1/128,", "KEFU_MAX_CONNECTIONS=7"}, func(c Config) string {
			return want(c.DataDir == "/from/env" && c.Addr == "127.0.0.1:9000" && c.MaxConnections == 7 &&
				reflect.DeepEqual(c.TrustedProxies, []string{"127.0.0.1/32", "::1/128"}), c)
		}},
		{"env empties a list", []string{"--config", file}, []string{"KEFU_TRUSTED_PROXIES="}, func(c Config) string {
			return want(len(c.TrustedProxies) == 0, c)
		}},
		{"flag over env", []string{"--config", file, "--data-dir", "/from/flag", "--max-connections=9", "--event-retention=1h", "--trusted-proxies=192.168.0.0/16"},
			[]string{"KEFU_DATA_DIR=/from/env", "KEFU_MAX_CONNECTIONS=7"}, func(c Config) string {
				return want(c.DataDir == "/from/flag" && c.MaxConnections == 9 && c.EventRetention == time.Hour &&
					reflect.DeepEqual(c.TrustedProxies, []string{"192.168.0.0/16"}) && c.LogLevel == "debug", c)
			}},
		{"unset flags keep env", []string{"--log-format", "json"}, []string{"KEFU_ADDR=:9999", "KEFU_SECRET_KEY=" + strings.Repeat("s", 32)}, func(c Config) string {
			return want(c.Addr == ":9999" && c.LogFormat == "json" && c.SecretKey == strings.Repeat("s", 32) && c.DataDir == "./kefu-data", c)
		}},
		{"geoip database from env", nil, []string{"KEFU_GEOIP_DATABASE=/srv/GeoLite2-City.mmdb"}, func(c Config) string {
			return want(c.GeoIPDatabase == "/srv/GeoLite2-City.mmdb", c)
		}},
		{"geoip database from flag", []string{"--geoip-database", "/opt/city.mmdb"}, nil, func(c Config) string {
			return want(c.GeoIPDatabase == "/opt/city.mmdb", c)
		}},
		{"bool off in file", []string{"--config", walvfsOff}, nil, func(c Config) string {
			return want(!c.SQLiteWALVFS, c)
		}},
		{"bool env over file", []string{"--config", walvfsOff}, []string{"KEFU_SQLITE_WALVFS=true"}, func(c Config) string {
			return want(c.SQLiteWALVFS, c)
		}},
		{"bool flag over env", []string{"--sqlite-walvfs=false"}, []string{"KEFU_SQLITE_WALVFS=true"}, func(c Config) string {
			return want(!c.SQLiteWALVFS, c)
		}},
		{"last env entry wins", nil, []string{"KEFU_LOG_LEVEL=warn", "KEFU_LOG_LEVEL=error"}, func(c Config) string {
			return want(c.LogLevel == "error", c)
		}},
		{"lower-case env ignored", nil, []string{"kefu_log_level=warn", "KEFU_log_level=warn"}, func(c Config) string {
			return want(c.LogLevel == "info", c)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(parseFlags(t, tt.args...), tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(c); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

// want returns "" when ok, else a failure message showing the config.
func want(ok bool, c Config) string {
	if ok {
		return ""
	}
	return "got config " + strings.ReplaceAll(strings.TrimSpace(fmtConfig(c)), "\n", " ") + ", want the layered values"
}

func fmtConfig(c Config) string {
	var b strings.Builder
	for _, o := range Reference() {
		if v, ok := c.values()[o.Key]; ok {
			b.WriteString(o.Key + "=" + formatValue(v) + "\n")
		}
	}
	return b.String()
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		file string // TOML body; "" = no file
		args []string
		env  []string
		want string
	}{
		{"missing file", "", []string{"--config", "/does/not/exist.toml"}, nil, "exist.toml"},
		{"bad toml", "addr = ", nil, nil, "kefu.toml"},
		{"unknown file key", "adr = \":1\"\n[server]\nport = 1\n", nil, nil, "unknown keys adr, server.port"},
		{"bad number in env", "", nil, []string{"KEFU_MAX_UPLOAD_BYTES=lots"}, "max_upload_bytes"},
		{"bad duration in env", "", nil, []string{"KEFU_SHUTDOWN_TIMEOUT=soon"}, "shutdown_timeout"},
		{"bad bool in env", "", nil, []string{"KEFU_SQLITE_WALVFS=maybe"}, "sqlite_walvfs"},
		{"invalid value", "", nil, []string{"KEFU_LOG_LEVEL=loud"}, "log_level"},
		{"bad flag value is validated", "", []string{"--max-connections=-1"}, nil, "max_connections must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.file != "" {
				args = append(args, "--config", writeTOML(t, tt.file))
			}
			_, err := Load(parseFlags(t, args...), tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}

func TestBindFlags(t *testing.T) {
	fs := pflag.NewFlagSet("kefu", pflag.ContinueOnError)
	BindFlags(fs)
	for _, o := range Reference() {
		f := fs.Lookup(strings.ReplaceAll(o.Key, "_", "-"))
		switch {
		case o.Flag == "" && f != nil:
			t.Errorf("got flag --%s, want none for %s", f.Name, o.Key)
		case o.Flag != "" && f == nil:
			t.Errorf("got no flag --%s, want one", o.Flag)
		case f != nil && o.Key != ConfigFileKey && f.DefValue != strings.Trim(o.Default, "[]") && f.DefValue != "["+o.Default+"]":
			t.Errorf("--%s: got default %q, want %q", f.Name, f.DefValue, o.Default)
		}
	}
	if fs.Lookup("secret-key") != nil {
		t.Error("got a --secret-key flag, want secrets kept off the command line")
	}
}
