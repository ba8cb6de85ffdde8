package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"
)

// dsrSubject is a contact with a conversation, a note and a file that all carry a unique canary.
type dsrSubject struct {
	*visitor
	ConvID, FileID, Canary string
}

// mustDSRSubject makes a visitor of o whose profile, messages, note and attachment (name and
// bytes) carry a unique canary string.
func (s *testServer) mustDSRSubject(o *org, label string) *dsrSubject {
	s.t.Helper()
	d := &dsrSubject{visitor: s.mustVisitor(o.WidgetKey), Canary: label + "-" + strings.ReplaceAll(uuid.NewString(), "-", "")}
	s.mustDo(200, "PATCH", "/api/v1/widget/contact", d.Token, map[string]any{"name": d.Canary, "email": strings.ToLower(d.Canary) + "@example.com"})
	d.ConvID = s.mustStartConversation(d.visitor, "hello, I am "+d.Canary)
	var up struct {
		ID string `json:"id"`
	}
	s.mustUpload(201, "/api/v1/widget/conversations/"+d.ConvID+"/attachments", d.Token, d.Canary+".png",
		append(append([]byte{}, pngBytes...), d.Canary...)).JSON(s.t, &up)
	d.FileID = up.ID
	s.mustDo(201, "POST", "/api/v1/widget/conversations/"+d.ConvID+"/messages", d.Token,
		map[string]any{"content": "my file " + d.Canary, "attachment_ids": []string{up.ID}, "client_msg_id": "file-1"})
	s.mustDo(201, "POST", "/api/v1/conversations/"+d.ConvID+"/messages", o.Tokens["owner"],
		map[string]any{"content": "note about " + d.Canary, "kind": "note", "client_msg_id": "note-1"})
	return d
}

// TestContactExport checks that a data access export holds the contact's profile, messages,
// notes and files and nothing of another contact, that it needs contacts.export and is audited.
func TestContactExport(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s := MustRunMain(t, testConfig(t, db))
		o := s.mustSetupOrg("Export")
		subject, other := s.mustDSRSubject(o, "subject"), s.mustDSRSubject(o, "other")
		path := "/api/v1/contacts/" + subject.ContactID + "/export"

		if code := s.mustDo(403, "POST", path, o.Tokens["agent"], nil).Code(t); code != "forbidden" {
			t.Errorf("agent export: code %q, want forbidden", code)
		}
		r := s.mustDo(200, "POST", path, o.Tokens["supervisor"], nil)
		if ct := r.Header.Get("Content-Type"); ct != "application/zip" {
			t.Errorf("export content type %q", ct)
		}
		files := unzipAll(t, r.Body)
		all := strings.Join(mapValues(files), "\n")
		for _, want := range []string{"hello, I am " + subject.Canary, "note about " + subject.Canary, "my file " + subject.Canary} {
			if !strings.Contains(all, want) {
				t.Errorf("export lacks %q", want)
			}
		}
		if !strings.Contains(files["contact.json"], subject.Canary) {
			t.Errorf("contact.json lacks the profile: %s", files["contact.json"])
		}
		if got := files["files/"+subject.FileID+"/"+subject.Canary+".png"]; !strings.HasSuffix(got, subject.Canary) {
			t.Errorf("export lacks the attachment's bytes; files: %v", mapKeys(files))
		}
		if strings.Contains(all, other.Canary) || strings.Contains(all, other.ConvID) {
			t.Error("export holds another contact's data")
		}
		wantAudit(t, s, o.Tokens["owner"], "export.created", subject.ContactID)
	})
}

// TestContactErase checks erasure end to end: refused under legal hold and without
// contacts.erase; afterwards no API answer, database file or data-dir file holds the canary,
// the other contact is intact, agents' views hear of it, the visitor's token stops working,
// and the audit log says who erased whom.
func TestContactErase(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		cfg := testConfig(t, db)
		s := MustRunMain(t, cfg)
		o := s.mustSetupOrg("Erase")
		subject, other := s.mustDSRSubject(o, "subject"), s.mustDSRSubject(o, "other")
		owner, erase := o.Tokens["owner"], "/api/v1/contacts/"+subject.ContactID+"/erase"
		confirm := map[string]string{"confirm": "erase"}

		s.mustDo(403, "POST", erase, o.Tokens["supervisor"], confirm)
		s.mustDo(422, "POST", erase, owner, map[string]string{"confirm": "yes"})
		s.mustDo(403, "PUT", "/api/v1/contacts/"+subject.ContactID+"/legal-hold", o.Tokens["admin"], map[string]bool{"hold": true})
		s.mustDo(200, "PUT", "/api/v1/conversations/"+subject.ConvID+"/legal-hold", owner, map[string]bool{"hold": true})
		if code := s.mustDo(409, "POST", erase, o.Tokens["admin"], confirm).Code(t); code != "conflict" {
			t.Errorf("erase under hold: code %q, want conflict", code)
		}
		wantAudit(t, s, owner, "legal_hold.set", subject.ConvID)
		s.mustDo(200, "PUT", "/api/v1/conversations/"+subject.ConvID+"/legal-hold", owner, map[string]bool{"hold": false})

		agentWS := s.mustWelcome("/api/v1/ws", map[string]any{"token": owner})
		visitorWS := s.mustWelcome("/api/v1/widget/ws", map[string]any{"token": subject.Token})
		var out struct {
			Conversations int `json:"conversations"`
			Messages      int `json:"messages"`
			Attachments   int `json:"attachments"`
		}
		s.mustDo(200, "POST", erase, o.Tokens["admin"], confirm).JSON(t, &out)
		if out.Conversations != 1 || out.Messages < 3 || out.Attachments != 1 {
			t.Errorf("erase answer %+v, want 1 conversation, at least 3 messages, 1 attachment", out)
		}
		readUntil(t, agentWS, 5*time.Second, func(f frame) bool {
			return f.str("type") == "conversation.erased" && f.str("conversation_id") == subject.ConvID
		})
		wantClosed(t, visitorWS)
		if r := s.do("GET", "/api/v1/widget/conversations", subject.Token, nil); r.Status != 401 {
			t.Errorf("erased visitor's token: status %d, want 401", r.Status)
		}
		s.mustDo(200, "GET", "/api/v1/widget/conversations", other.Token, nil)
		s.mustDo(404, "POST", erase, owner, confirm) // erased already

		var priv struct {
			ErasedAt *time.Time `json:"erased_at"`
			ErasedBy string     `json:"erased_by"`
		}
		s.mustDo(200, "GET", "/api/v1/contacts/"+subject.ContactID+"/privacy", owner, nil).JSON(t, &priv)
		if priv.ErasedAt == nil || priv.ErasedBy != o.AgentIDs["admin"] {
			t.Errorf("tombstone %+v, want erased_at and erased_by the admin", priv)
		}
		wantAudit(t, s, owner, "contact.erased", subject.ContactID)
		for _, p := range []string{
			"/api/v1/contacts/" + subject.ContactID, "/api/v1/contacts?q=" + subject.Canary, "/api/v1/contacts",
			"/api/v1/conversations/" + subject.ConvID, "/api/v1/conversations/" + subject.ConvID + "/messages",
			"/api/v1/conversations", "/api/v1/conversations?q=" + subject.Canary, "/api/v1/audit", "/api/v1/files/" + subject.FileID,
		} {
			if r := s.do("GET", p, owner, nil); bytes.Contains(r.Body, []byte(subject.Canary)) {
				t.Errorf("GET %s still answers the canary: %s", p, r.Body)
			}
		}
		if r := s.mustDo(200, "GET", "/api/v1/conversations/"+other.ConvID+"/messages", owner, nil); !bytes.Contains(r.Body, []byte(other.Canary)) {
			t.Error("the other contact's messages are gone too")
		}
		wantNoCanary(t, s, cfg.DataDir, subject.Canary, db)
		if db.name == "sqlite" && !dbFilesHold(t, cfg.DataDir, other.Canary) {
			t.Error("the database files do not hold even the other contact's canary: the search proves nothing")
		}
	})
}

// wantClosed fails unless the server closes c within a few seconds.
func wantClosed(t *testing.T, c *websocket.Conn) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := readFrame(t, c, time.Until(deadline)); err != nil {
			var ce *websocket.CloseError
			if !errors.As(err, &ce) {
				t.Errorf("erased visitor's connection: read failed with %v, want a close frame", err)
			}
			return
		}
	}
	t.Error("the erased visitor's connection is still open")
}

// wantNoCanary fails when a file under dir (the SQLite database and its log included) or, on
// PostgreSQL, a row of any table holds canary.
func wantNoCanary(t *testing.T, s *testServer, dir, canary string, db database) {
	t.Helper()
	if dirHolds(t, dir, canary) {
		t.Errorf("a file under the data dir still holds the canary")
	}
	if db.name != "postgres" {
		return
	}
	d := openIndependentDB(t, s.Config)
	rows, err := d.db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	for _, tbl := range tables {
		var n int
		if err := d.db.QueryRow(`SELECT count(*) FROM "`+tbl+`" t WHERE t::text LIKE $1`, "%"+canary+"%").Scan(&n); err != nil {
			t.Fatalf("search %s: %v", tbl, err)
		}
		if n > 0 {
			t.Errorf("table %s still holds the canary in %d rows", tbl, n)
		}
	}
}

// dirHolds reports whether any file under dir contains s.
func dirHolds(t *testing.T, dir, s string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || found {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(s)) {
			t.Logf("%s holds %q", p, s)
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return found
}

// dbFilesHold reports whether the SQLite database or its log under dir contains s.
func dbFilesHold(t *testing.T, dir, s string) bool {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "kefu.db*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}

// wantAudit fails unless the audit log has an entry of action on target.
func wantAudit(t *testing.T, s *testServer, token, action, target string) {
	t.Helper()
	var page struct {
		Entries []struct {
			Action   string `json:"action"`
			TargetID string `json:"target_id"`
		} `json:"entries"`
	}
	s.mustDo(200, "GET", "/api/v1/audit?action="+action+"&target_id="+target, token, nil).JSON(t, &page)
	if len(page.Entries) == 0 {
		t.Errorf("no %s entry for %s in the audit log", action, target)
	}
}

// unzipAll returns every file of a ZIP archive by name.
func unzipAll(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		out[f.Name] = string(data)
	}
	return out
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func mapKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
