// Package web serves kefu's browser front ends from files embedded in the binary. The agent
// workspace and the visitor widget are each built into their dist/ folder by their own
// toolchain (`make build` does it); until then a small page says what is running and where the
// API lives.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed placeholder
var placeholder embed.FS

// The dist folder always exists (it holds .gitkeep), so this compiles before any npm build.
//
//go:embed all:widget/dist
var widgetDist embed.FS

//go:embed all:agent/dist
var agentDist embed.FS

// Handler serves the agent workspace at /, or the placeholder page when it is not built.
func Handler() http.Handler {
	agent := mustSub(agentDist, "agent/dist")
	if _, err := fs.Stat(agent, "index.html"); err != nil {
		return http.FileServerFS(mustSub(placeholder, "placeholder"))
	}
	return spa(agent)
}

// Widget returns the built widget files: widget.js (the loader), frame.html, chat.html and
// assets/. WidgetBuilt reports whether they are there.
func Widget() fs.FS { return mustSub(widgetDist, "widget/dist") }

// WidgetBuilt reports whether the widget has been built into the binary.
func WidgetBuilt() bool {
	_, err := fs.Stat(Widget(), "widget.js")
	return err == nil
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded tree is fixed at build time; a bad path is a programming error
	}
	return sub
}
