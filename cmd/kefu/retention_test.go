package main

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"time"
)

// countFiles counts the attachment files under the data dir.
func countFiles(t *testing.T, dataDir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(dataDir, "files"), func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatalf("walk files: %v", err)
	}
	return n
}

// TestRetention checks that retention takes exactly the old conversations of the configured
// inbox, spares those under legal hold (on the conversation or on its contact), removes their
// files from disk, records retention.run, and that anonymising keeps the conversation with its
// message count but not its text, and detaches a contact left with nothing else.
func TestRetention(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := testConfig(t, db)
		s := MustRunMain(t, cfg)
		o := s.mustSetupOrg("Retain")
		owner := o.Tokens["owner"]
		var otherInbox struct {
			ID        string `json:"id"`
			WidgetKey string `json:"widget_key"`
		}
		s.mustDo(201, "POST", "/api/v1/inboxes", owner, map[string]any{"name": "Other site"}).JSON(t, &otherInbox)

		old := s.mustDSRSubject(o, "old")                                                        // deleted, file and all
		heldConv, heldContact := s.mustDSRSubject(o, "held"), s.mustDSRSubject(o, "heldc")       // spared by holds
		elsewhere := s.mustStartConversation(s.mustVisitor(otherInbox.WidgetKey), "other inbox") // no retention there
		time.Sleep(5 * time.Millisecond)
		cutoff := time.Now()
		time.Sleep(5 * time.Millisecond)
		recent := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "recent")
		s.mustDo(200, "PUT", "/api/v1/conversations/"+heldConv.ConvID+"/legal-hold", owner, map[string]bool{"hold": true})
		s.mustDo(200, "PUT", "/api/v1/contacts/"+heldContact.ContactID+"/legal-hold", owner, map[string]bool{"hold": true})

		policy := "/api/v1/inboxes/" + o.InboxID + "/retention"
		s.mustDo(403, "PUT", policy, o.Tokens["supervisor"], map[string]any{"mode": "delete", "days": 30})
		s.mustDo(422, "PUT", policy, owner, map[string]any{"mode": "delete", "days": 0})
		s.mustDo(200, "PUT", policy, o.Tokens["admin"], map[string]any{"mode": "delete", "days": 30})
		filesBefore := countFiles(t, cfg.DataDir)

		s.retention(context.Background(), cutoff.AddDate(0, 0, 30))
		s.mustDo(404, "GET", "/api/v1/conversations/"+old.ConvID, owner, nil)
		s.mustDo(404, "GET", "/api/v1/contacts/"+old.ContactID, owner, nil) // nothing else left
		for _, id := range []string{heldConv.ConvID, heldContact.ConvID, elsewhere, recent} {
			s.mustDo(200, "GET", "/api/v1/conversations/"+id, owner, nil)
		}
		if got := countFiles(t, cfg.DataDir); got != filesBefore-1 {
			t.Errorf("attachment files: %d, want %d (the old conversation's removed)", got, filesBefore-1)
		}
		if dirHolds(t, filepath.Join(cfg.DataDir, "files"), old.Canary) {
			t.Error("the deleted conversation's file is still on disk")
		}
		wantAudit(t, s, owner, "retention.run", o.InboxID)
		wantAudit(t, s, owner, "retention.updated", o.InboxID)

		// Anonymise what the conversation hold no longer protects.
		s.mustDo(200, "PUT", policy, owner, map[string]any{"mode": "anonymise", "days": 30})
		s.mustDo(200, "PUT", "/api/v1/conversations/"+heldConv.ConvID+"/legal-hold", owner, map[string]bool{"hold": false})
		s.retention(context.Background(), cutoff.AddDate(0, 0, 30))
		var page struct {
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+heldConv.ConvID+"/messages", owner, nil).JSON(t, &page)
		if len(page.Messages) < 3 {
			t.Fatalf("anonymised conversation has %d messages, want its count kept", len(page.Messages))
		}
		for _, m := range page.Messages {
			if m.Content != "[removed by retention]" {
				t.Errorf("anonymised message content %q", m.Content)
			}
		}
		var priv struct {
			ErasedBy string `json:"erased_by"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+heldConv.ContactID+"/privacy", owner, nil).JSON(t, &priv)
		if priv.ErasedBy != "retention" {
			t.Errorf("anonymised conversation's contact: erased_by %q, want detached by retention", priv.ErasedBy)
		}
		if r := s.mustDo(200, "GET", "/api/v1/conversations/"+heldContact.ConvID+"/messages", owner, nil); !bytes.Contains(r.Body, []byte(heldContact.Canary)) {
			t.Error("the conversation of a contact under hold was anonymised")
		}
		if got := countFiles(t, cfg.DataDir); got != filesBefore-2 {
			t.Errorf("attachment files after anonymising: %d, want %d", got, filesBefore-2)
		}
	})
}
