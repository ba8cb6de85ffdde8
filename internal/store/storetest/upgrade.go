package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// RunUpgrade checks that migrating a database that already holds data keeps that data intact.
// openAt must return a fresh store migrated only up to the given version, closed at test end;
// exec runs one raw statement, for rows whose current INSERT names columns an older schema
// does not have yet.
func RunUpgrade(t *testing.T, openAt func(t *testing.T, version int64) *store.Store, exec Exec) {
	t.Run("MessagesClustered", func(t *testing.T) {
		t.Parallel()
		testUpgradeMessagesClustered(t, openAt(t, 2), exec)
	})
	t.Run("ConversationReads", func(t *testing.T) {
		t.Parallel()
		testUpgradeConversationReads(t, openAt(t, 14), exec)
	})
}

// testUpgradeConversationReads: step 15 hands the shared read marker of an assigned
// conversation to its assignee, so their list does not turn unread on upgrade; nobody else
// gets one.
func testUpgradeConversationReads(t *testing.T, s *store.Store, exec Exec) {
	ctx := context.Background()
	w := oldWorld(t, s, exec)
	a := w.newAgent(t, "A")
	w.oldAppend(t, exec, w.msg(kefu.SenderContact, kefu.KindText, "hello"))
	w.oldAppend(t, exec, w.msg(kefu.SenderContact, kefu.KindText, "anyone?"))
	must(t, exec(s, ctx, `UPDATE conversations SET assignee_id = ?, agent_last_read_seq = 2 WHERE id = ?`, a.ID, w.conv.ID))
	must(t, s.Migrate(ctx))
	if got := w.readSeq(t, a.ID); got != 2 {
		t.Errorf("the assignee's marker after the upgrade = %d, want 2", got)
	}
	if got := w.readSeq(t, w.owner.ID); got != 0 {
		t.Errorf("another agent's marker after the upgrade = %d, want 0", got)
	}
}

// Exec runs one statement on the store's writer.
type Exec func(s *store.Store, ctx context.Context, query string, args ...any) error

// oldWorld is newWorld in a database of an older version: its contact is written as that
// version's kefu wrote contacts.
func oldWorld(t *testing.T, s *store.Store, exec Exec) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{s: s}
	w.org = &kefu.Org{Name: next("org"), Settings: kefu.DefaultOrgSettings()}
	w.owner = &kefu.Agent{Email: next("Owner") + "@Example.com", Name: "Owner", Role: kefu.RoleOwner, Capacity: 5}
	must(t, s.CreateOrgWithOwner(ctx, w.org, w.owner))
	w.inbox = &kefu.Inbox{OrgID: w.org.ID, Name: "Site", Channel: kefu.ChannelWeb, WidgetKey: next("wk")}
	must(t, s.CreateInbox(ctx, w.inbox))
	w.contact = &kefu.Contact{ID: uuid.NewString(), OrgID: w.org.ID, Name: "Visitor"}
	must(t, exec(s, ctx, `INSERT INTO contacts (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`,
		w.contact.ID, w.org.ID, w.contact.Name))
	w.conv = w.oldConversation(t, exec)
	return w
}

// testUpgradeMessagesClustered fills a version-2 database, then applies step 3, which rebuilds
// the messages table on SQLite: every message, its seq, its client id and its attachments
// must survive, and appends after the upgrade must continue the same sequence.
func testUpgradeMessagesClustered(t *testing.T, s *store.Store, exec Exec) {
	ctx := context.Background()
	w := oldWorld(t, s, exec)
	other := oldWorld(t, s, exec)
	before := []*kefu.Message{
		w.oldAppend(t, exec, w.msg(kefu.SenderContact, kefu.KindText, "hello")),
		w.oldAppend(t, exec, w.msg(kefu.SenderAgent, kefu.KindText, "hi, how can I help?")),
	}
	withClientID := w.msg(kefu.SenderContact, kefu.KindText, "retry me")
	withClientID.ClientMsgID = "c-1"
	before = append(before, w.oldAppend(t, exec, withClientID))
	att := &kefu.Attachment{ID: uuid.NewString(), OrgID: w.org.ID, ConversationID: w.conv.ID, UploaderType: kefu.SenderContact,
		UploaderID: w.contact.ID, FileName: "a.png", ContentType: "image/png", Size: 3, StorageKey: next("k")}
	must(t, exec(s, ctx, `INSERT INTO attachments (id, org_id, conversation_id, uploader_type, uploader_id, file_name,
		content_type, size, sha256, storage_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1)`,
		att.ID, att.OrgID, att.ConversationID, string(att.UploaderType), att.UploaderID, att.FileName,
		att.ContentType, att.Size, att.StorageKey))
	// Claimed as that version claimed it: today's claim reads columns it does not have.
	image := w.oldAppend(t, exec, w.msg(kefu.SenderContact, kefu.KindImage, ""))
	must(t, exec(s, ctx, `UPDATE attachments SET message_id = ? WHERE id = ?`, image.ID, att.ID))
	image.Attachments = []kefu.Attachment{*att}
	before = append(before, image)
	other.oldAppend(t, exec, other.msg(kefu.SenderContact, kefu.KindText, "elsewhere"))

	must(t, s.Migrate(ctx))

	got, err := s.ListMessages(ctx, w.org.ID, w.conv.ID, kefu.MessageQuery{})
	must(t, err)
	if !slices.EqualFunc(got, derefs(before), sameMessage) {
		t.Fatalf("messages after the upgrade:\n got %+v\nwant %+v", got, derefs(before))
	}
	if len(got[3].Attachments) != 1 || got[3].Attachments[0].ID != att.ID {
		t.Errorf("image message after the upgrade has attachments %+v, want %s", got[3].Attachments, att.ID)
	}
	stored, err := s.GetAttachment(ctx, w.org.ID, att.ID)
	must(t, err)
	if stored.MessageID != image.ID {
		t.Errorf("attachment after the upgrade belongs to message %q, want %q", stored.MessageID, image.ID)
	}
	byID, err := s.GetMessage(ctx, w.org.ID, before[1].ID)
	must(t, err)
	if !sameMessage(*byID, *before[1]) {
		t.Errorf("GetMessage after the upgrade: got %+v, want %+v", byID, before[1])
	}

	retry := w.msg(kefu.SenderContact, kefu.KindText, "retry me")
	retry.ClientMsgID = "c-1"
	old, dup, err := s.AppendMessage(ctx, retry, nil)
	must(t, err)
	if !dup || old.ID != before[2].ID {
		t.Errorf("client id retry after the upgrade: dup=%v id=%s, want the stored %s", dup, old.ID, before[2].ID)
	}
	next := w.append(t, w.msg(kefu.SenderContact, kefu.KindText, "after"))
	if next.Seq != image.Seq+1 {
		t.Errorf("first append after the upgrade has seq %d, want %d", next.Seq, image.Seq+1)
	}
	otherMsgs, err := s.ListMessages(ctx, other.org.ID, other.conv.ID, kefu.MessageQuery{})
	must(t, err)
	if len(otherMsgs) != 1 || otherMsgs[0].Content != "elsewhere" {
		t.Errorf("the other organisation's messages after the upgrade: %+v", otherMsgs)
	}
}

func derefs(ms []*kefu.Message) []kefu.Message {
	out := make([]kefu.Message, len(ms))
	for i, m := range ms {
		out[i] = *m
	}
	return out
}

// sameMessage compares what the store keeps of a message, attachments by id.
func sameMessage(a, b kefu.Message) bool {
	return a.ID == b.ID && a.OrgID == b.OrgID && a.ConversationID == b.ConversationID && a.Seq == b.Seq &&
		a.SenderType == b.SenderType && a.SenderID == b.SenderID && a.SenderName == b.SenderName &&
		a.Kind == b.Kind && a.Content == b.Content && a.ClientMsgID == b.ClientMsgID &&
		a.CreatedAt.Equal(b.CreatedAt) &&
		slices.EqualFunc(a.Attachments, b.Attachments, func(x, y kefu.Attachment) bool { return x.ID == y.ID })
}
