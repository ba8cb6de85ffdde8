package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// openWritableDB is an independent connection that may change kefu's rows behind its back, as
// an attacker with database access would.
func openWritableDB(t testing.TB, s *testServer) *independentDB {
	t.Helper()
	driver, dsn, pg := "sqlite", "file:"+filepath.Join(s.Config.DataDir, "kefu.db")+"?_pragma=busy_timeout(10000)", false
	if s.Config.DatabaseURL != "" {
		driver, dsn, pg = "pgx", s.Config.DatabaseURL, true
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return &independentDB{db: db, postgres: pg}
}

// mustExec runs a statement with ? placeholders, failing the test unless it changes want rows
// (any number for -1).
func (d *independentDB) mustExec(t testing.TB, want int64, query string, args ...any) {
	t.Helper()
	res, err := d.db.Exec(d.q(query), args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if n, _ := res.RowsAffected(); want >= 0 && n != want {
		t.Fatalf("%s: changed %d rows, want %d", query, n, want)
	}
}

// runVerify runs `kefu audit verify` against s's database and returns its exit code and output.
func runVerify(t testing.TB, s *testServer, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	env := []string{"KEFU_DATA_DIR=" + s.Config.DataDir, "KEFU_DATABASE_URL=" + s.Config.DatabaseURL}
	code := execute(context.Background(), append([]string{"audit", "verify"}, args...), env, &out, &out)
	return code, out.String()
}

// mustVerifyIntact fails unless verify passes.
func mustVerifyIntact(t testing.TB, s *testServer) string {
	t.Helper()
	code, out := runVerify(t, s)
	if code != 0 || !strings.Contains(out, "audit log intact") {
		t.Fatalf("verify of an untouched log: exit %d: %s", code, out)
	}
	return out
}

// mustVerifyBreaks fails unless verify exits non-zero naming entry seq of org.
func mustVerifyBreaks(t testing.TB, s *testServer, orgID, seq, what string) {
	t.Helper()
	code, out := runVerify(t, s)
	want := `org="` + orgID + `" seq=` + seq + ` `
	if code == 0 || !strings.Contains(out, want) {
		t.Errorf("verify after %s: exit %d, want non-zero naming %s; output:\n%s", what, code, want, out)
	}
}

// auditedServer boots kefu and makes an organisation with a few dozen audit entries.
func auditedServer(t *testing.T, db database) (*testServer, *org) {
	s := MustRunMain(t, testConfig(t, db))
	o := s.mustSetupOrg("Audited")
	s.mustDo(200, "PATCH", "/api/v1/agents/"+o.AgentIDs["agent"], o.Tokens["owner"], map[string]any{"role": "supervisor"})
	return s, o
}

// TestAuditVerifyDetectsEveryEdit edits each column of one entry in turn, directly in the
// database: verify must fail naming that entry, and pass again once the edit is undone.
func TestAuditVerifyDetectsEveryEdit(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		s, o := auditedServer(t, db)
		raw := openWritableDB(t, s)
		mustVerifyIntact(t, s)
		const row = ` WHERE org_id = ? AND seq = 2`
		textColumns := []string{"actor_kind", "actor_id", "token_id", "ip", "user_agent", "action",
			"target_type", "target_id", "before_json", "after_json", "prev_hash", "hash"}
		for _, col := range textColumns {
			raw.mustExec(t, 1, `UPDATE audit_log SET `+col+` = `+col+` || 'x'`+row, o.ID)
			mustVerifyBreaks(t, s, o.ID, "2", "editing "+col)
			raw.mustExec(t, 1, `UPDATE audit_log SET `+col+` = substr(`+col+`, 1, length(`+col+`) - 1)`+row, o.ID)
		}
		raw.mustExec(t, 1, `UPDATE audit_log SET at = at + 1`+row, o.ID)
		mustVerifyBreaks(t, s, o.ID, "2", "editing at")
		raw.mustExec(t, 1, `UPDATE audit_log SET at = at - 1`+row, o.ID)
		raw.mustExec(t, 1, `UPDATE audit_log SET seq = 1000`+row, o.ID)
		mustVerifyBreaks(t, s, o.ID, "2", "editing seq")
		raw.mustExec(t, 1, `UPDATE audit_log SET seq = 2 WHERE org_id = ? AND seq = 1000`, o.ID)
		raw.mustExec(t, 1, `UPDATE audit_log SET org_id = 'elsewhere'`+row, o.ID)
		mustVerifyBreaks(t, s, o.ID, "2", "editing org_id")
		raw.mustExec(t, 1, `UPDATE audit_log SET org_id = ? WHERE org_id = 'elsewhere' AND seq = 2`, o.ID)
		mustVerifyIntact(t, s)
	})
}

// TestAuditVerifyDetectsRemovedEntries deletes a middle entry, then the newest, and inserts a
// forged copy: each must fail verify.
func TestAuditVerifyDetectsRemovedEntries(t *testing.T) {
	forEachDatabase(t, func(t *testing.T, db database) {
		t.Run("middle", func(t *testing.T) {
			s, o := auditedServer(t, db)
			raw := openWritableDB(t, s)
			raw.mustExec(t, 1, `DELETE FROM audit_log WHERE org_id = ? AND seq = 3`, o.ID)
			mustVerifyBreaks(t, s, o.ID, "3", "deleting a middle entry")
		})
		t.Run("newest", func(t *testing.T) {
			s, o := auditedServer(t, db)
			raw := openWritableDB(t, s)
			var last int64
			if err := raw.db.QueryRow(raw.q(`SELECT MAX(seq) FROM audit_log WHERE org_id = ?`), o.ID).Scan(&last); err != nil {
				t.Fatal(err)
			}
			raw.mustExec(t, 1, `DELETE FROM audit_log WHERE org_id = ? AND seq = ?`, o.ID, last)
			mustVerifyBreaks(t, s, o.ID, itoa(last), "deleting the newest entry")
		})
		t.Run("head", func(t *testing.T) {
			s, o := auditedServer(t, db)
			raw := openWritableDB(t, s)
			raw.mustExec(t, 1, `DELETE FROM audit_heads WHERE org_id = ?`, o.ID)
			code, out := runVerify(t, s)
			if code == 0 || !strings.Contains(out, "head record is missing") {
				t.Errorf("verify without the chain's head: exit %d: %s", code, out)
			}
		})
		t.Run("inserted in the middle", func(t *testing.T) {
			s, o := auditedServer(t, db)
			raw := openWritableDB(t, s)
			// Make room after entry 2, in two steps so no seq collides on the way.
			raw.mustExec(t, -1, `UPDATE audit_log SET seq = seq + 1000 WHERE org_id = ? AND seq > 2`, o.ID)
			raw.mustExec(t, -1, `UPDATE audit_log SET seq = seq - 999 WHERE org_id = ? AND seq > 1000`, o.ID)
			forgeEntry(t, raw, o.ID, 2)
			mustVerifyBreaks(t, s, o.ID, "4", "inserting an entry after entry 2")
		})
		t.Run("appended", func(t *testing.T) {
			s, o := auditedServer(t, db)
			raw := openWritableDB(t, s)
			var last int64
			if err := raw.db.QueryRow(raw.q(`SELECT MAX(seq) FROM audit_log WHERE org_id = ?`), o.ID).Scan(&last); err != nil {
				t.Fatal(err)
			}
			forgeEntry(t, raw, o.ID, last)
			mustVerifyBreaks(t, s, o.ID, itoa(last+1), "appending an entry without moving the head")
		})
	})
}

// TestAuditVerifyPrintsHeads: --print-head prints every chain's head for anchoring elsewhere.
func TestAuditVerifyPrintsHeads(t *testing.T) {
	s, o := auditedServer(t, databases()[0])
	code, out := runVerify(t, s, "--print-head")
	if code != 0 || !strings.Contains(out, `head org="`+o.ID+`" seq=`) {
		t.Errorf("verify --print-head: exit %d: %s", code, out)
	}
}

// forgeEntry inserts a well-formed entry after entry seq of orgID, sealed the way kefu seals
// them: what an attacker who has the code and the database could write.
func forgeEntry(t testing.TB, raw *independentDB, orgID string, after int64) {
	t.Helper()
	e := kefu.AuditEntry{OrgID: orgID, Seq: after + 1, ActorKind: "system", Action: "agent.created",
		TargetType: "agent", TargetID: "forged"}
	var at int64
	err := raw.db.QueryRow(raw.q(`SELECT at, hash FROM audit_log WHERE org_id = ? AND seq = ?`), orgID, after).Scan(&at, &e.PrevHash)
	if err != nil {
		t.Fatal(err)
	}
	e.At = time.UnixMicro(at)
	e.Hash = audit.Seal(&e)
	raw.mustExec(t, 1, `INSERT INTO audit_log (org_id, seq, at, actor_kind, action, target_type, target_id, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.OrgID, e.Seq, at, e.ActorKind, e.Action, e.TargetType, e.TargetID, e.PrevHash, e.Hash)
}
