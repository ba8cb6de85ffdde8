package main

import (
	"slices"
	"testing"
)

// Every inbox says what its channel can take, so the composer can tell an agent before they
// try; the web widget takes text, images and files pushed in realtime.
func TestChannelCapabilitiesOnInboxes(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Caps")
	type caps struct {
		Sends              []string `json:"sends"`
		MaxTextBytes       int      `json:"max_text_bytes"`
		MaxAttachmentBytes int64    `json:"max_attachment_bytes"`
		ReplyWindowSeconds int64    `json:"reply_window_seconds"`
		Realtime           bool     `json:"realtime"`
	}
	check := func(where string, c *caps) {
		t.Helper()
		if c == nil || !slices.Equal(c.Sends, []string{"text", "image", "file"}) || !c.Realtime || c.ReplyWindowSeconds != 0 ||
			c.MaxTextBytes != 16<<10 || c.MaxAttachmentBytes != s.Config.MaxUploadBytes {
			t.Errorf("%s: capabilities = %+v, want realtime text, image and file up to 16 KiB and %d bytes", where, c, s.Config.MaxUploadBytes)
		}
	}
	var list struct {
		Inboxes []struct {
			ID           string `json:"id"`
			Capabilities *caps  `json:"capabilities"`
		} `json:"inboxes"`
	}
	s.mustDo(200, "GET", "/api/v1/inboxes", o.Tokens["agent"], nil).JSON(t, &list)
	if len(list.Inboxes) != 1 || list.Inboxes[0].ID != o.InboxID {
		t.Fatalf("inboxes = %+v, want the one web inbox", list.Inboxes)
	}
	check("list", list.Inboxes[0].Capabilities)
	var one struct {
		Capabilities *caps  `json:"capabilities"`
		EmbedSnippet string `json:"embed_snippet"`
	}
	s.mustDo(200, "GET", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], nil).JSON(t, &one)
	check("get", one.Capabilities)
	if one.EmbedSnippet == "" {
		t.Errorf("get inbox lost its embed snippet")
	}
}
