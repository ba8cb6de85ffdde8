// Package web serves kefu's browser front ends from files embedded in the binary. The visitor
// widget (and later the agent workspace) is built into its dist/ folder by its own toolchain
// (`make build` does it); until then a small page says what is running and where the API lives.
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

// Handler serves the front-end files at /.
func Handler() http.Handler {
	return http.FileServerFS(mustSub(placeholder, "placeholder"))
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
