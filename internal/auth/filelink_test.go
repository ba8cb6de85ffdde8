package auth

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// linkOf parses a visitor URL back into the FileLink the download endpoint checks.
func linkOf(t *testing.T, raw string) FileLink {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(u.Path, VisitorFilePath) {
		t.Fatalf("visitor URL %q: want a path under %s", raw, VisitorFilePath)
	}
	q := u.Query()
	exp, _ := strconv.ParseInt(q.Get("exp"), 10, 64)
	return FileLink{OrgID: q.Get("org"), AttachmentID: strings.TrimPrefix(u.Path, VisitorFilePath),
		ConversationID: q.Get("conv"), Expires: exp, Signature: q.Get("sig")}
}

func TestFileLinks(t *testing.T) {
	master := []byte(strings.Repeat("m", 40))
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	links := NewFileLinks(master, time.Hour, clock)
	att := &kefu.Attachment{ID: "a1", OrgID: "o1", ConversationID: "c1"}
	link := linkOf(t, links.VisitorURL(att))

	left, err := links.Check(link)
	if err != nil || left < time.Hour || left > time.Hour+10*time.Minute {
		t.Fatalf("a fresh link: got %v left, err %v; want between the 1h lifetime and a sixth more", left, err)
	}
	if again := linkOf(t, links.VisitorURL(att)); again != link {
		t.Errorf("the same attachment signed again at once: got %+v, want the same link (cacheable)", again)
	}
	for name, bent := range map[string]func(l FileLink) FileLink{
		"org":          func(l FileLink) FileLink { l.OrgID = "o2"; return l },
		"attachment":   func(l FileLink) FileLink { l.AttachmentID = "a2"; return l },
		"conversation": func(l FileLink) FileLink { l.ConversationID = "c2"; return l },
		"expiry":       func(l FileLink) FileLink { l.Expires += 3600; return l },
		"signature":    func(l FileLink) FileLink { l.Signature = l.Signature[1:] + "A"; return l },
	} {
		if _, err := links.Check(bent(link)); kefu.ErrorCode(err) != kefu.CodeNotFound {
			t.Errorf("a link with another %s: got %v, want not_found", name, err)
		}
	}
	other := NewFileLinks([]byte(strings.Repeat("x", 40)), time.Hour, clock)
	if _, err := other.Check(link); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("a link checked under another secret: got %v, want not_found", err)
	}
	now = now.Add(2 * time.Hour)
	if _, err := links.Check(link); kefu.ErrorCode(err) != kefu.CodeNotFound {
		t.Errorf("a link past its expiry: got %v, want not_found", err)
	}
}
