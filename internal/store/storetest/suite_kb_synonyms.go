package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/store"
)

// testKBSynonyms checks synonym-group CRUD: terms round-trip in order, an update keeps the
// creation time, every change moves the knowledge-base version, and unknown ids are not found.
func testKBSynonyms(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	w := newWorld(t, s)
	v0 := kbVersion(t, s, w.org.ID)
	tea := &kefu.SynonymGroup{OrgID: w.org.ID, Terms: []string{"月月有茶", "tea of the month", "subscription box"}}
	must(t, s.PutKBSynonym(ctx, tea))
	if !kefu.ValidID(tea.ID) || tea.CreatedAt.IsZero() {
		t.Fatalf("created group %+v: want a generated id and a creation time", tea)
	}
	v1 := kbVersion(t, s, w.org.ID)
	if v1 <= v0 {
		t.Errorf("version after creation = %d, want above %d", v1, v0)
	}
	update := &kefu.SynonymGroup{OrgID: w.org.ID, ID: tea.ID, Terms: []string{"月月有茶", "茶叶订阅"}}
	must(t, s.UpdateKBSynonym(ctx, update))
	if !update.CreatedAt.Equal(tea.CreatedAt) {
		t.Errorf("update changed the creation time: %v, want %v", update.CreatedAt, tea.CreatedAt)
	}
	v2 := kbVersion(t, s, w.org.ID)
	if v2 <= v1 {
		t.Errorf("version after update = %d, want above %d", v2, v1)
	}
	list, err := s.ListKBSynonyms(ctx, w.org.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != tea.ID || !slices.Equal(list[0].Terms, update.Terms) {
		t.Fatalf("list = %+v, want the one updated group", list)
	}
	must(t, s.DeleteKBSynonym(ctx, w.org.ID, tea.ID))
	if v := kbVersion(t, s, w.org.ID); v <= v2 {
		t.Errorf("version after delete = %d, want above %d", v, v2)
	}
	wantCode(t, "delete again", s.DeleteKBSynonym(ctx, w.org.ID, tea.ID), kefu.CodeNotFound)
	wantCode(t, "update a deleted group", s.UpdateKBSynonym(ctx, &kefu.SynonymGroup{OrgID: w.org.ID, ID: tea.ID, Terms: []string{"a", "b"}}), kefu.CodeNotFound)
	list, err = s.ListKBSynonyms(ctx, w.org.ID)
	must(t, err)
	if len(list) != 0 {
		t.Errorf("list after delete = %+v, want none", list)
	}
}

// testKBSynonymIsolation checks that one organisation neither sees nor changes another's
// groups, and that the cap on groups is counted per organisation in the writing transaction.
func testKBSynonymIsolation(t *testing.T, open func(t *testing.T) *store.Store) {
	s := open(t)
	ctx := context.Background()
	a, b := newWorld(t, s), newWorld(t, s)
	for i := range kefu.MaxSynonymGroups {
		must(t, s.PutKBSynonym(ctx, &kefu.SynonymGroup{OrgID: a.org.ID, Terms: []string{fmt.Sprint("a", i), fmt.Sprint("b", i)}}))
	}
	over := &kefu.SynonymGroup{OrgID: a.org.ID, Terms: []string{"one", "too many"}}
	wantCode(t, "group past the cap", s.PutKBSynonym(ctx, over), kefu.CodeConflict)
	mine := &kefu.SynonymGroup{OrgID: b.org.ID, Terms: []string{"x", "y"}}
	must(t, s.PutKBSynonym(ctx, mine))
	wantCode(t, "delete another org's group", s.DeleteKBSynonym(ctx, a.org.ID, mine.ID), kefu.CodeNotFound)
	list, err := s.ListKBSynonyms(ctx, b.org.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != mine.ID {
		t.Errorf("org b lists %d groups, want its own one only", len(list))
	}
	aList, err := s.ListKBSynonyms(ctx, a.org.ID)
	must(t, err)
	if len(aList) != kefu.MaxSynonymGroups {
		t.Errorf("org a lists %d groups, want %d", len(aList), kefu.MaxSynonymGroups)
	}
}
