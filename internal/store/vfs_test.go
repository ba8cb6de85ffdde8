package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
	"github.com/kefu-dev/kefu/internal/store/walvfs/walvfstest"
)

// TestPlainVFS checks that Options.PlainVFS really chooses the VFS, by what each one does: a
// commit's WAL frames reach the file in one write system call through walvfs, and in two per
// frame (header, then page) through the default VFS, several frames per append.
func TestPlainVFS(t *testing.T) {
	gathered, plain := appendWrites(t, false), appendWrites(t, true)
	t.Logf("write system calls for 20 appends: walvfs %d, default VFS %d", gathered, plain)
	if gathered*3 > plain {
		t.Fatalf("walvfs made %d write calls against the default VFS's %d; want under a third", gathered, plain)
	}
}

// appendWrites counts the write system calls of 20 appends, a commit each, on a fresh SQLite
// store opened with PlainVFS set to plain.
func appendWrites(t *testing.T, plain bool) int64 {
	t.Helper()
	ctx := context.Background()
	s := openWith(t, filepath.Join(t.TempDir(), "kefu.db"), store.Options{PlainVFS: plain})
	orgID, convs := benchConversations(t, s, 1)
	before := walvfstest.WriteSyscalls(t)
	for range 20 {
		m := &kefu.Message{OrgID: orgID, ConversationID: convs[0], SenderType: kefu.SenderContact, Content: "hi"}
		if _, _, err := s.AppendMessage(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
	}
	return walvfstest.WriteSyscalls(t) - before
}
