package config

import (
	"fmt"
	"strings"
)

// ReferenceMarkdown renders Reference as the Markdown table in docs/configuration.md.
func ReferenceMarkdown() string {
	var b strings.Builder
	b.WriteString("| Key | Environment | Flag | Default | Description |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, o := range Reference() {
		flag, def, help := "—", "(empty)", o.Help
		if o.Flag != "" {
			flag = "`--" + o.Flag + "`"
		}
		if o.Default != "" {
			def = "`" + o.Default + "`"
		}
		if o.Secret {
			help = "**Secret.** " + help
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", o.Key, o.Env, flag, def, mdEscape(help))
	}
	return b.String()
}

// mdEscape keeps a help text inside its table cell.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
