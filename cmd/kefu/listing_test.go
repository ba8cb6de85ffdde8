package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"sync"
	"testing"
)

// listRow is what the tests read of a conversation list row.
type listRow struct {
	ID          string `json:"id"`
	LastMessage *struct {
		Kind       string `json:"kind"`
		SenderType string `json:"sender_type"`
		Text       string `json:"text"`
		PIIMasked  bool   `json:"pii_masked"`
	} `json:"last_message"`
	Contact *struct {
		Name   string `json:"name"`
		Number int64  `json:"number"`
	} `json:"contact"`
}

// TestConversationListPreview: list rows and single reads carry the newest message that is
// not an activity event (masked as agents see messages, cut to a preview) and the contact's
// name and per-organisation number, on every database.
func TestConversationListPreview(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Preview")
		agent := o.Tokens["agent"]
		named := s.mustVisitor(o.WidgetKey)
		s.mustDo(200, "PATCH", "/api/v1/widget/contact", named.Token, map[string]any{"name": "Zhang San"})
		conv := s.mustStartConversation(named, "first")
		mustRESTSend(t, s, named.Token, conv, "c2", "where is my order?", true)
		s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/assign", o.Tokens["owner"], map[string]any{"assignee_id": o.AgentIDs["agent"]})
		anon := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "hi")

		var page struct{ Conversations []listRow }
		s.mustDo(200, "GET", "/api/v1/conversations", agent, nil).JSON(t, &page)
		rows := map[string]listRow{}
		for _, r := range page.Conversations {
			rows[r.ID] = r
		}
		got := rows[conv]
		if got.LastMessage == nil || got.LastMessage.Text != "where is my order?" || got.LastMessage.Kind != "text" || got.LastMessage.SenderType != "contact" {
			t.Errorf("preview of %s: got %+v, want the customer's last text, not the assignment event", conv, got.LastMessage)
		}
		if got.Contact == nil || got.Contact.Name != "Zhang San" || got.Contact.Number < 1 {
			t.Errorf("contact of %s: got %+v, want the name and a number", conv, got.Contact)
		}
		other := rows[anon]
		if other.Contact == nil || other.Contact.Name != "" || other.Contact.Number < 1 || other.Contact.Number == got.Contact.Number {
			t.Errorf("anonymous contact: got %+v, want no name and a number of its own", other.Contact)
		}
		var one listRow
		s.mustDo(200, "GET", "/api/v1/conversations/"+anon, agent, nil).JSON(t, &one)
		if one.LastMessage == nil || one.LastMessage.Text != "hi" || one.Contact == nil || one.Contact.Number != other.Contact.Number {
			t.Errorf("single read: got %+v %+v, want the same preview and contact as the list", one.LastMessage, one.Contact)
		}
	})
}

// TestConversationListPreviewMaskedAndCut: under an inbox that masks, the preview is masked
// like the message; a long text is cut; a private note says it is one.
func TestConversationListPreviewMaskedAndCut(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Masked")
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"pii_policy": "mask"})
	v := s.mustVisitor(o.WidgetKey)
	long := "call me at 13812345678 " + string(bytes.Repeat([]byte("x"), 400))
	conv := s.mustStartConversation(v, long)
	var one listRow
	s.mustDo(200, "GET", "/api/v1/conversations/"+conv, o.Tokens["agent"], nil).JSON(t, &one)
	if p := one.LastMessage; p == nil || !bytes.Contains([]byte(p.Text), []byte("138****5678")) || !p.PIIMasked || len([]rune(p.Text)) > 141 {
		t.Fatalf("masked preview: got %+v, want the phone masked and the text cut to 140 characters", p)
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"], map[string]any{"kind": "note", "content": "VIP"})
	s.mustDo(200, "GET", "/api/v1/conversations/"+conv, o.Tokens["agent"], nil).JSON(t, &one)
	if p := one.LastMessage; p == nil || p.Kind != "note" || p.SenderType != "agent" {
		t.Errorf("note preview: got %+v, want kind note from an agent", p)
	}
}

// TestContactNumbersConcurrent: contacts created at the same moment never share a number.
func TestContactNumbersConcurrent(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Numbers")
		const n = 12
		numbers := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				v := s.mustVisitor(o.WidgetKey)
				var c struct{ Number int64 }
				s.mustDo(200, "GET", "/api/v1/contacts/"+v.ContactID, o.Tokens["agent"], nil).JSON(t, &c)
				numbers[i] = c.Number
			})
		}
		wg.Wait()
		seen := map[int64]bool{}
		for _, x := range numbers {
			if x < 1 || seen[x] {
				t.Fatalf("numbers %v: want each one positive and distinct", numbers)
			}
			seen[x] = true
		}
	})
}

// TestImageUploadSize: an uploaded image carries its pixel size, read from its header, in the
// upload answer and in the message history; a file that is no image carries none.
func TestImageUploadSize(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Images")
	v := s.mustVisitor(o.WidgetKey)
	conv := s.mustStartConversation(v, "hi")
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 30, 900))); err != nil {
		t.Fatal(err)
	}
	var up struct {
		ID            string
		Width, Height int
	}
	s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", o.Tokens["agent"], "tall.png", buf.Bytes()).JSON(t, &up)
	if up.Width != 30 || up.Height != 900 {
		t.Fatalf("upload answer: got %dx%d, want 30x900", up.Width, up.Height)
	}
	s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"], map[string]any{"content": "", "attachment_ids": []string{up.ID}})
	var hist struct {
		Messages []struct {
			Attachments []struct{ Width, Height int }
		}
	}
	s.mustDo(200, "GET", "/api/v1/widget/conversations/"+conv+"/messages", v.Token, nil).JSON(t, &hist)
	last := hist.Messages[len(hist.Messages)-1]
	if len(last.Attachments) != 1 || fmt.Sprint(last.Attachments[0]) != "{30 900}" {
		t.Errorf("visitor history: got %+v, want the image's 30x900", last.Attachments)
	}
	var txt struct{ Width, Height int }
	s.mustUpload(201, "/api/v1/conversations/"+conv+"/attachments", o.Tokens["agent"], "a.txt", []byte("plain words")).JSON(t, &txt)
	if txt.Width != 0 || txt.Height != 0 {
		t.Errorf("text file: got %dx%d, want no size", txt.Width, txt.Height)
	}
}
