// Package web serves kefu's browser front ends from files embedded in the binary. The agent
// workspace and the visitor widget are built into dist/ by their own toolchains; until then a
// small page says what is running and where the API lives.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed placeholder
var placeholder embed.FS

// Handler serves the front-end files.
func Handler() http.Handler {
	sub, err := fs.Sub(placeholder, "placeholder")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time; a bad path is a programming error
	}
	return http.FileServerFS(sub)
}
