package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/knadh/koanf/parsers/toml/v2"
	"github.com/knadh/koanf/providers/env/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/providers/posflag"
	"github.com/knadh/koanf/v2"
	"github.com/spf13/pflag"
)

// BindFlags registers a flag for every option that has one (see Reference), with the default in
// its help text, plus --config. Load only honours flags the user actually set, so the flag
// defaults never override the file or the environment.
func BindFlags(fs *pflag.FlagSet) {
	defaults := Default().values()
	for _, o := range Reference() {
		if o.Flag == "" {
			continue
		}
		switch v := defaults[o.Key].(type) {
		case []string:
			fs.StringSlice(o.Flag, v, o.Help)
		case int64:
			fs.Int64(o.Flag, v, o.Help)
		case int:
			fs.Int(o.Flag, v, o.Help)
		case time.Duration:
			fs.Duration(o.Flag, v, o.Help)
		case bool:
			fs.Bool(o.Flag, v, o.Help)
		default:
			fs.String(o.Flag, formatValue(v), o.Help)
		}
	}
}

// Load builds the configuration from, in rising precedence: Default, the TOML file named by
// --config or KEFU_CONFIG, KEFU_* variables in env (os.Environ form, so tests need no global
// environment), and the flags set on flags (which may be nil). The result is validated.
func Load(flags *pflag.FlagSet, env []string) (Config, error) {
	k := koanf.New(".")
	if err := k.Load(mapProvider(Default().values()), nil); err != nil {
		return Config{}, err
	}
	if path := configPath(flags, env); path != "" {
		if err := loadFile(k, path); err != nil {
			return Config{}, err
		}
	}
	if err := k.Load(envProvider(env), nil); err != nil {
		return Config{}, err
	}
	if flags != nil {
		if err := k.Load(flagProvider(flags, k), nil); err != nil {
			return Config{}, err
		}
	}
	var c Config
	if err := k.Unmarshal("", &c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.Validate()
}

// configPath is the file named by --config, else by KEFU_CONFIG.
func configPath(flags *pflag.FlagSet, env []string) string {
	if flags != nil {
		if f := flags.Lookup(ConfigFileKey); f != nil && f.Changed {
			return f.Value.String()
		}
	}
	return LookupEnv(env, envName(ConfigFileKey))
}

// loadFile merges a TOML file into k, refusing keys kefu does not know: a misspelt key would
// otherwise be silently ignored and the default used.
func loadFile(k *koanf.Koanf, path string) error {
	f := koanf.New(".")
	if err := f.Load(file.Provider(path), toml.Parser()); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	var unknown []string
	for _, key := range f.Keys() {
		if !isKey(key) {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("config file %s: unknown keys %s", path, strings.Join(unknown, ", "))
	}
	return k.Merge(f)
}

// envProvider reads the KEFU_* variables of known options from env. Other KEFU_* variables
// (KEFU_CONFIG, test settings) are ignored. trusted_proxies and outbound_allow are
// comma-separated.
func envProvider(environ []string) koanf.Provider {
	return env.Provider(".", env.Opt{
		Prefix:      "KEFU_",
		EnvironFunc: func() []string { return environ },
		TransformFunc: func(name, value string) (string, any) {
			key := strings.ToLower(strings.TrimPrefix(name, "KEFU_"))
			if !isKey(key) || envName(key) != name {
				return "", nil
			}
			if key == "trusted_proxies" || key == "outbound_allow" {
				return key, splitList(value)
			}
			return key, value
		},
	})
}

// flagProvider reads the flags the user set, by key.
func flagProvider(flags *pflag.FlagSet, k *koanf.Koanf) koanf.Provider {
	return posflag.ProviderWithFlag(flags, ".", k, func(f *pflag.Flag) (string, any) {
		key := keyOfFlag(f.Name)
		if !f.Changed || !isKey(key) {
			return "", nil
		}
		return key, posflag.FlagVal(flags, f)
	})
}

// isKey reports whether key is a Config setting.
func isKey(key string) bool {
	_, ok := Default().values()[key]
	return ok
}

// splitList splits a comma-separated list, trimming spaces and dropping empty items.
func splitList(s string) []string {
	out := []string{}
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// LookupEnv returns the value of name in env, the last one winning like the shell; "" when unset.
func LookupEnv(env []string, name string) string {
	for _, kv := range slices.Backward(env) {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

// mapProvider is a koanf provider over a flat map: the defaults layer.
type mapProvider map[string]any

// Read returns the map.
func (m mapProvider) Read() (map[string]any, error) { return m, nil }

// ReadBytes is not supported: the map is already parsed.
func (m mapProvider) ReadBytes() ([]byte, error) {
	return nil, errors.New("config: map provider has no bytes")
}
