package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// uniqueIDCard returns a valid ID card number (Beijing Dongcheng, a random birth date and
// sequence, the MOD 11-2 check character) that no other test uses.
func uniqueIDCard() string {
	body := fmt.Sprintf("110101%04d%02d%02d%03d", 1950+rand.IntN(60), 1+rand.IntN(12), 1+rand.IntN(28), rand.IntN(1000))
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// masked is the masked form of an ID card number.
func maskedID(id string) string { return id[:3] + strings.Repeat("*", 11) + id[14:] }

// mustRunLogged boots kefu on db with its log, at debug level, captured, and webhooks allowed
// to reach the test's receivers on 127.0.0.1.
func mustRunLogged(t *testing.T, db database) (*testServer, *syncBuffer) {
	logs := &syncBuffer{}
	m := webhookMain(webhookConfig(t, db), 3, kefu.WebhookFailurePolicy{})
	m.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return mustRun(t, m), logs
}

// TestPIICanary sends unique ID card numbers through the widget to an inbox that masks at
// storage, in messages and in an attachment's file name, then looks for them everywhere: the
// database files (with the WAL), every file of the data dir, the server log, every REST and
// realtime answer to agents, webhook payloads, the contact's data export, the audit log export
// and search. It must be nowhere; its masked form must be what leaves instead.
func TestPIICanary(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s, logs := mustRunLogged(t, db)
		o := s.mustSetupOrg("Canary")
		owner := o.Tokens["owner"]
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"pii_policy": "mask_at_storage"})
		agentWS := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]}))
		waitWelcome(t, agentWS)
		recv := newReceiver(t, 0)
		hook := s.mustCreateWebhook(owner, recv.URL+"/hook", "message.created", "conversation.created")
		recv.setSecret(hook.Secret)

		id, later, named, replied := uniqueIDCard(), uniqueIDCard(), uniqueIDCard(), uniqueIDCard()
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "我的身份证号 "+id+" 请帮我查询")
		var answers []string
		mustRESTSend(t, s, v.Token, conv, "c-2", "another: "+later+", thanks", true)
		var file struct {
			ID string `json:"id"`
		}
		s.mustUpload(201, "/api/v1/widget/conversations/"+conv+"/attachments", v.Token, "身份证 "+named+".png", pngBytes).JSON(t, &file)
		s.mustDo(201, "POST", "/api/v1/widget/conversations/"+conv+"/messages", v.Token,
			map[string]any{"client_msg_id": "c-3", "content": "", "attachment_ids": []string{file.ID}})
		reply := s.mustDo(201, "POST", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"],
			map[string]any{"client_msg_id": "a-1", "content": "您的证件号 " + replied + " 已核实"})
		answers = append(answers, string(reply.Body))

		messages := s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"], nil)
		answers = append(answers, string(messages.Body),
			string(s.mustDo(200, "GET", "/api/v1/conversations?status=open", o.Tokens["agent"], nil).Body))
		var list struct {
			Messages []struct {
				ID      string `json:"id"`
				Content string `json:"content"`
			} `json:"messages"`
		}
		messages.JSON(t, &list)
		if len(list.Messages) != 4 || !strings.Contains(list.Messages[0].Content, maskedID(id)) {
			t.Fatalf("agent's messages = %+v, want the first holding %s", list.Messages, maskedID(id))
		}
		reveal := s.mustDo(200, "POST", "/api/v1/conversations/"+conv+"/messages/"+list.Messages[0].ID+"/reveal", o.Tokens["supervisor"], nil)
		answers = append(answers, string(reveal.Body))
		frames := agentWS.waitFrames(t, 5*time.Second, "both messages on the agent's socket", func(fs []frame) bool {
			n := 0
			for _, f := range fs {
				if f.str("type") == "message.created" {
					n++
				}
			}
			return n >= 4
		})
		raw, _ := json.Marshal(frames)
		answers = append(answers, string(raw))
		answers = append(answers, canaryWebhookPayloads(t, recv, maskedID(id), maskedID(later)))
		answers = append(answers, canaryExports(t, s, o, v.ContactID, maskedID(id))...)
		checkSearchIsMasked(t, s, owner, conv, id)
		if !strings.Contains(string(raw), maskedID(later)) || !strings.Contains(string(raw), maskedID(named)+".png") {
			t.Errorf("agent's frames hold no %s or file %s.png: %s", maskedID(later), maskedID(named), raw)
		}

		for _, secret := range []string{id, later, named, replied} {
			for i, a := range answers {
				if strings.Contains(a, secret) {
					t.Errorf("answer %d (to agents, a webhook or an export) holds the ID card number: %.300s", i, a)
				}
			}
			checkNotInFiles(t, s.Config.DataDir, secret)
			if strings.Contains(logs.String(), secret) {
				t.Errorf("the server log holds the ID card number")
			}
			if db.name == "postgres" {
				checkNotInPostgres(t, s, secret)
			}
		}
	})
}

// waitWelcome waits until the connection is registered, so that it gets every later event live.
func waitWelcome(t *testing.T, ws *stream) {
	t.Helper()
	ws.waitFrames(t, 5*time.Second, "the welcome", func(fs []frame) bool {
		for _, f := range fs {
			if f.str("type") == "welcome" {
				return true
			}
		}
		return false
	})
}

// checkNotInFiles fails when any file under dir, the SQLite database and its WAL included,
// holds secret.
func checkNotInFiles(t *testing.T, dir, secret string) {
	t.Helper()
	seen := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		seen++
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the ID card number", path)
		}
		return nil
	})
	if err != nil || seen == 0 {
		t.Fatalf("walk the data dir: %v (%d files)", err, seen)
	}
}

// checkNotInPostgres fails when a message, event or attachment row holds secret.
func checkNotInPostgres(t *testing.T, s *testServer, secret string) {
	t.Helper()
	db := openIndependentDB(t, s.Config)
	var n int
	err := db.db.QueryRow(`SELECT (SELECT count(*) FROM messages WHERE content LIKE '%' || $1 || '%')
		+ (SELECT count(*) FROM events WHERE payload::text LIKE '%' || $1 || '%')
		+ (SELECT count(*) FROM attachments WHERE file_name LIKE '%' || $1 || '%')`, secret).Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("PostgreSQL rows holding the ID card number: %d, %v", n, err)
	}
}

// TestPIIMaskAndReveal: under the mask policy a visitor's ID card number is stored as sent and
// the visitor reads it back unchanged, agents get it masked over REST and realtime, an agent
// without pii.reveal is refused a reveal, and a supervisor's reveal returns the original and is in
// the audit log.
func TestPIIMaskAndReveal(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s, _ := mustRunLogged(t, db)
		o := s.mustSetupOrg("Mask")
		owner := o.Tokens["owner"]
		if r := s.do("PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"pii_policy": "hide"}); r.Status != 422 {
			t.Errorf("an unknown policy: status %d, want 422", r.Status)
		}
		s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"pii_policy": "mask"})
		agentWS := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"]}))
		waitWelcome(t, agentWS)

		id := uniqueIDCard()
		v := s.mustVisitor(o.WidgetKey)
		conv := s.mustStartConversation(v, "hello")
		sent := mustRESTSend(t, s, v.Token, conv, "c-2", "ID "+id, true)

		var own struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		s.mustDo(200, "GET", "/api/v1/widget/conversations/"+conv+"/messages", v.Token, nil).JSON(t, &own)
		if got := own.Messages[len(own.Messages)-1].Content; got != "ID "+id {
			t.Errorf("the visitor reads back %q, want their own text", got)
		}
		var list struct {
			Messages []struct {
				Content   string `json:"content"`
				PIIMasked bool   `json:"pii_masked"`
			} `json:"messages"`
		}
		s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/messages", o.Tokens["supervisor"], nil).JSON(t, &list)
		if last := list.Messages[len(list.Messages)-1]; last.Content != "ID "+maskedID(id) || !last.PIIMasked {
			t.Errorf("agents read %+v, want %q flagged pii_masked", last, "ID "+maskedID(id))
		}
		frames := agentWS.waitFrames(t, 5*time.Second, "the message on the agent's socket", func(fs []frame) bool {
			for _, f := range fs {
				if m, _ := f["message"].(map[string]any); m != nil && m["id"] == sent.ID {
					return true
				}
			}
			return false
		})
		raw, _ := json.Marshal(frames)
		if strings.Contains(string(raw), id) || !strings.Contains(string(raw), maskedID(id)) {
			t.Errorf("agent's frames: %s; want %s masked", raw, id)
		}
		// A resumed connection replays the stored events: masked the same way.
		resumed := collectWS(s.dialWS("/api/v1/ws", map[string]any{"token": o.Tokens["agent"], "cursor": 1}))
		replayed := resumed.waitFrames(t, 5*time.Second, "the message replayed on resume", func(fs []frame) bool {
			for _, f := range fs {
				if m, _ := f["message"].(map[string]any); m != nil && m["id"] == sent.ID {
					return true
				}
			}
			return false
		})
		raw, _ = json.Marshal(replayed)
		if strings.Contains(string(raw), id) || !strings.Contains(string(raw), maskedID(id)) {
			t.Errorf("replayed frames: %s; want %s masked", raw, id)
		}

		path := "/api/v1/conversations/" + conv + "/messages/" + sent.ID + "/reveal"
		if r := s.do("POST", path, o.Tokens["agent"], nil); r.Status != 403 {
			t.Errorf("a reveal by an agent without pii.reveal: status %d, want 403", r.Status)
		}
		var revealed struct {
			Message struct{ Content string } `json:"message"`
		}
		s.mustDo(200, "POST", path, o.Tokens["supervisor"], nil).JSON(t, &revealed)
		if revealed.Message.Content != "ID "+id {
			t.Errorf("revealed %q, want the original", revealed.Message.Content)
		}
		audited := s.mustAudit(o.Tokens["owner"], url.Values{"action": {kefu.ActionPIIRevealed}, "target_id": {sent.ID}})
		if len(audited.Entries) != 1 || audited.Entries[0].TargetType != "message" {
			t.Errorf("the reveal was not audited: %+v", audited.Entries)
		}
	})
}

// TestPIIPatterns covers the organisation's own patterns: saved and applied to messages, tried
// out without saving, refused when invalid or when the caller may not manage settings.
func TestPIIPatterns(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Patterns")
	owner := o.Tokens["owner"]
	patterns := map[string]any{"patterns": []map[string]string{{"name": "member", "expr": `VIP-\d{6}`}}}
	if r := s.do("PUT", "/api/v1/pii/patterns", o.Tokens["agent"], patterns); r.Status != 403 {
		t.Errorf("an agent setting patterns: status %d, want 403", r.Status)
	}
	bad := map[string]any{"patterns": []map[string]string{{"name": "empty", "expr": `a*`}}}
	if r := s.do("PUT", "/api/v1/pii/patterns", owner, bad); r.Status != 422 {
		t.Errorf("a pattern matching empty text: status %d, want 422", r.Status)
	}
	var tried struct {
		Masked string `json:"masked"`
	}
	s.mustDo(200, "POST", "/api/v1/pii/test", owner, map[string]any{"text": "VIP-123456 13812345678", "patterns": patterns["patterns"]}).JSON(t, &tried)
	if tried.Masked != "********** 138****5678" {
		t.Errorf("test masked %q", tried.Masked)
	}
	s.mustDo(200, "PUT", "/api/v1/pii/patterns", owner, patterns)
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, owner, map[string]any{"pii_policy": "mask"})
	conv := s.mustStartConversation(s.mustVisitor(o.WidgetKey), "my card VIP-654321")
	var list struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	s.mustDo(200, "GET", "/api/v1/conversations/"+conv+"/messages", o.Tokens["agent"], nil).JSON(t, &list)
	if list.Messages[0].Content != "my card **********" {
		t.Errorf("agent reads %q, want the member number masked", list.Messages[0].Content)
	}
}

// TestPIIContacts: agents see the personal fields of a contact who wrote to an inbox that masks
// masked (and of no other contact); saving the
// contact editor with the masked values shown keeps the originals; a supervisor's reveal
// returns them, an agent's is refused.
func TestPIIContacts(t *testing.T) {
	s := MustRunSQLite(t)
	o := s.mustSetupOrg("Contacts")
	v := s.mustVisitor(o.WidgetKey)
	s.mustDo(200, "PATCH", "/api/v1/widget/contact", v.Token, map[string]any{"name": "张三", "email": "zhangsan@example.com", "phone": "13812345678"})
	type contactView struct {
		Name      string `json:"name"`
		Email     string `json:"email"`
		Phone     string `json:"phone"`
		PIIMasked bool   `json:"pii_masked"`
	}
	get := func(token string) contactView {
		var c contactView
		s.mustDo(200, "GET", "/api/v1/contacts/"+v.ContactID, token, nil).JSON(t, &c)
		return c
	}
	if c := get(o.Tokens["agent"]); c.Email != "zhangsan@example.com" || c.PIIMasked {
		t.Errorf("with every inbox off, agents see %+v, want it unmasked", c)
	}
	s.mustDo(200, "PATCH", "/api/v1/inboxes/"+o.InboxID, o.Tokens["owner"], map[string]any{"pii_policy": "mask"})
	if c := get(o.Tokens["agent"]); c.PIIMasked {
		t.Errorf("a contact with no conversation in the masking inbox is shown %+v, want it unmasked", c)
	}
	s.mustStartConversation(v, "hello")
	shown := get(o.Tokens["agent"])
	if shown.Email != "z***@example.com" || shown.Phone != "138****5678" || !shown.PIIMasked || shown.Name != "张三" {
		t.Errorf("agents see %+v, want email and phone masked", shown)
	}
	s.mustDo(200, "PATCH", "/api/v1/contacts/"+v.ContactID, o.Tokens["agent"], map[string]any{"name": "张三丰", "email": shown.Email, "phone": shown.Phone})
	if r := s.do("POST", "/api/v1/contacts/"+v.ContactID+"/reveal", o.Tokens["agent"], nil); r.Status != 403 {
		t.Errorf("a contact reveal by an agent: status %d, want 403", r.Status)
	}
	var revealed contactView
	s.mustDo(200, "POST", "/api/v1/contacts/"+v.ContactID+"/reveal", o.Tokens["supervisor"], nil).JSON(t, &revealed)
	if revealed.Name != "张三丰" || revealed.Email != "zhangsan@example.com" || revealed.Phone != "13812345678" {
		t.Errorf("revealed %+v, want the new name and the original email and phone", revealed)
	}
}
