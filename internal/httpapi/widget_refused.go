package httpapi

import (
	"net/http"
)

// A host page whose origin the inbox does not allow would get the browser's "refused to
// connect" page inside the chat panel. Instead the loader's iframe gets this page, which holds
// no chat and no data, only a script telling the loader "refused"; the loader then shows no
// launcher and logs which setting to change. The claimed origin only chooses the page: a page
// lying about its origin gets the chat page, which frame-ancestors still refuses it, and the
// refusal is posted to the claimed origin only.

// refusedPage is framable by anyone: it shows nothing and says nothing but "refused".
const refusedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kefu</title>` +
	`<script src="/widget/refused.js"></script></head><body></body></html>`

// refusedScript posts the refusal to the origin the loader named in the iframe URL.
const refusedScript = `(function(){try{var o=new URL(new URLSearchParams(location.search).get("origin")).origin;` +
	`parent.postMessage({ns:"kefu",type:"refused"},o)}catch(e){}})();`

// refusedCSP lets any page frame the refusal and nothing but its own script run.
const refusedCSP = "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *"

// claimedOriginRefused reports whether the iframe URL names a host origin the inbox refuses.
func claimedOriginRefused(r *http.Request, allows func(string) bool) bool {
	origin := r.URL.Query().Get("origin")
	return origin != "" && !allows(origin)
}

// writeRefusedPage serves the refusal in place of the chat page.
func writeRefusedPage(w http.ResponseWriter) {
	h := w.Header()
	h.Del("X-Frame-Options")
	h.Set("Content-Security-Policy", refusedCSP)
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(refusedPage))
}

// refusedJS serves the refusal page's script.
func refusedJS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte(refusedScript))
}
