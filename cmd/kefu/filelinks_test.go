package main

import (
	"bytes"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// visitorAttachment is an attachment as a visitor sees it.
type visitorAttachment struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// TestVisitorFileLinks checks the visitor side of attachments: every projection a visitor gets
// (upload answer, message history, realtime frames) links files by short-lived signed URLs
// that work without a session, serve as inert downloads, and stop working when expired,
// altered or pointed at another file or conversation; and that the old permanent URLs by
// storage key are gone.
func TestVisitorFileLinks(t *testing.T) {
	forEachDatabase(t, testVisitorFileLinks)
}

func testVisitorFileLinks(t *testing.T, db database) {
	cfg := testConfig(t, db)
	cfg.SecretKey = strings.Repeat("k", 40)
	s := MustRunMain(t, cfg)
	a := s.mustTenant("Links")
	ws := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": a.Visitor.Token})

	var up visitorAttachment
	s.mustUpload(201, "/api/v1/widget/conversations/"+a.ConvID+"/attachments", a.Visitor.Token, "v.png", pngBytes).JSON(t, &up)
	link := wantSignedLink(t, s, "upload answer", up)
	var agentFile visitorAttachment
	s.mustUpload(201, "/api/v1/conversations/"+a.ConvID+"/attachments", a.Tokens["agent"], "a.png", pngBytes).JSON(t, &agentFile)
	if agentFile.URL != "/api/v1/files/"+agentFile.ID {
		t.Errorf("agent upload answer: URL %q, want the agents' path by id", agentFile.URL)
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+a.ConvID+"/messages", a.Tokens["agent"],
		map[string]any{"content": "here", "attachment_ids": []string{agentFile.ID}, "client_msg_id": "att-1"})
	f := readUntil(t, ws, 5*time.Second, func(f frame) bool {
		m, _ := f["message"].(map[string]any)
		return f.str("type") == "message.created" && m["client_msg_id"] == "att-1"
	})
	wantSignedLink(t, s, "realtime frame", frameAttachment(t, f))
	var hist struct {
		Messages []struct {
			Attachments []visitorAttachment `json:"attachments"`
		} `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations/"+a.ConvID+"/messages", a.Visitor.Token, nil).JSON(t, &hist)
	last := hist.Messages[len(hist.Messages)-1]
	if len(last.Attachments) != 1 {
		t.Fatalf("history: the agent's file message has %d attachments, want 1", len(last.Attachments))
	}
	wantSignedLink(t, s, "message history", last.Attachments[0])

	t.Run("altered", func(t *testing.T) { testAlteredLinks(t, s, a, link) })
	t.Run("expired", func(t *testing.T) { testExpiredLink(t, s, cfg.SecretKey, a, up.ID) })
	t.Run("old storage-key URLs", func(t *testing.T) { testStorageKeyURLsGone(t, s, a) })
}

// wantSignedLink checks att's URL is a visitor link that downloads the file, with no
// credentials, as an inert attachment; it returns the parsed link.
func wantSignedLink(t *testing.T, s *testServer, where string, att visitorAttachment) *url.URL {
	t.Helper()
	u, err := url.Parse(att.URL)
	if err != nil || u.Path != auth.VisitorFilePath+att.ID || u.Query().Get("sig") == "" || u.Query().Get("exp") == "" {
		t.Fatalf("%s: attachment URL %q, want a signed link under %s", where, att.URL, auth.VisitorFilePath)
	}
	r := s.do("GET", att.URL, "", nil)
	h := r.Header
	if r.Status != 200 || !bytes.Equal(r.Body, pngBytes) {
		t.Fatalf("%s: GET of the signed link: got %d %s, want the file", where, r.Status, r.Body)
	}
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("%s: served with %v, want an attachment with nosniff and a sandbox CSP", where, h)
	}
	return u
}

// frameAttachment digs the one attachment out of a message.created frame.
func frameAttachment(t *testing.T, f frame) visitorAttachment {
	t.Helper()
	m, _ := f["message"].(map[string]any)
	atts, _ := m["attachments"].([]any)
	if len(atts) != 1 {
		t.Fatalf("frame %v: want one attachment", f)
	}
	att, _ := atts[0].(map[string]any)
	id, _ := att["id"].(string)
	u, _ := att["url"].(string)
	return visitorAttachment{ID: id, URL: u}
}

// testAlteredLinks: a link bent in any part — signature, expiry, conversation, organisation,
// or the file it names — is not found.
func testAlteredLinks(t *testing.T, s *testServer, a *tenant, link *url.URL) {
	exp, _ := strconv.ParseInt(link.Query().Get("exp"), 10, 64)
	sig := link.Query().Get("sig")
	for name, change := range map[string]func(q url.Values) string{
		"signature":    func(q url.Values) string { q.Set("sig", strings.ToUpper(sig[:1])+sig[1:]+"x"); return link.Path },
		"expiry":       func(q url.Values) string { q.Set("exp", strconv.FormatInt(exp+3600, 10)); return link.Path },
		"conversation": func(q url.Values) string { q.Set("conv", a.OtherConvID); return link.Path },
		"organisation": func(q url.Values) string { q.Set("org", randomUUID); return link.Path },
		"file":         func(q url.Values) string { return auth.VisitorFilePath + a.AttachmentID },
		"no signature": func(q url.Values) string { q.Del("sig"); return link.Path },
	} {
		q := link.Query()
		path := change(q)
		r := s.do("GET", path+"?"+q.Encode(), "", nil)
		if r.Status < 400 || bytes.Equal(r.Body, pngBytes) {
			t.Errorf("link with another %s: got %d, want a refusal", name, r.Status)
		}
	}
}

// testExpiredLink signs a link with the server's own secret but a clock two hours back, so it
// is valid in every way but time: it must not download.
func testExpiredLink(t *testing.T, s *testServer, secret string, a *tenant, id string) {
	past := func() time.Time { return time.Now().Add(-2 * time.Hour) }
	links := auth.NewFileLinks([]byte(secret), time.Hour, past)
	fresh := auth.NewFileLinks([]byte(secret), time.Hour, nil)
	att := a.attachment(id)
	if r := s.do("GET", fresh.VisitorURL(att), "", nil); r.Status != 200 {
		t.Fatalf("a link signed now with the server's secret: got %d %s, want 200 (else the expired case proves nothing)", r.Status, r.Body)
	}
	r := s.do("GET", links.VisitorURL(att), "", nil)
	if r.Status != 404 || r.Code(t) != "not_found" {
		t.Errorf("an expired link: got %d %s, want 404 not_found", r.Status, r.Body)
	}
}

// testStorageKeyURLsGone: the URLs of earlier versions, /api/v1/files/<storage key>, download
// nothing for anyone, and an agent URL needs credentials.
func testStorageKeyURLsGone(t *testing.T, s *testServer, a *tenant) {
	blobs, err := filepath.Glob(filepath.Join(s.Config.DataDir, "files", "*", "*"))
	if err != nil || len(blobs) == 0 {
		t.Fatalf("no blobs on disk (%v): the test would prove nothing", err)
	}
	for _, token := range []string{"", a.Tokens["owner"]} {
		for _, p := range blobs {
			if r := s.do("GET", "/api/v1/files/"+filepath.Base(p), token, nil); r.Status < 400 {
				t.Errorf("GET by storage key %s (token %t): got %d, want a refusal", filepath.Base(p), token != "", r.Status)
			}
		}
	}
	if r := s.do("GET", a.FileURL, "", nil); r.Status != 401 || r.Code(t) != "unauthenticated" {
		t.Errorf("agent URL without credentials: got %d %s, want 401 unauthenticated", r.Status, r.Body)
	}
}

// attachment names an attachment of the tenant's first conversation, for signing links to it.
func (tn *tenant) attachment(id string) *kefu.Attachment {
	return &kefu.Attachment{ID: id, OrgID: tn.ID, ConversationID: tn.ConvID}
}
