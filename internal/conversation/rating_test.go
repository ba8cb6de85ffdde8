package conversation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestRate: the visitor rates their conversation once it is resolved, with a score of 1 to 5
// and a short comment, and may rate again to change their mind.
func TestRate(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx, visitor := context.Background(), visitorActor(w, w.contact)
		c := e.mustConversation(t, w, w.contact)
		_, err := e.svc.Rate(ctx, visitor, c.ID, 5, "")
		kefutest.WantCode(t, "rating an open conversation", err, kefu.CodeConflict)
		_, err = e.svc.SetStatus(ctx, kefutest.AgentActor(w.agent), c.ID, kefu.StatusResolved, nil)
		kefutest.Must(t, err)

		tests := []struct {
			name      string
			score     int
			comment   string
			wantField string
		}{
			{"score 0", 0, "", "score"},
			{"score 6", 6, "", "score"},
			{"comment too long", 3, strings.Repeat("好", kefu.MaxRatingComment+1), "comment"},
			{"comment with NUL", 3, "ok\x00", "comment"},
			{"comment not UTF-8", 3, "\xff", "comment"},
			{"longest comment", 1, strings.Repeat("好", kefu.MaxRatingComment), ""},
			{"changed their mind", 4, "  quick and kind  ", ""},
		}
		for _, tt := range tests {
			_, err := e.svc.Rate(ctx, visitor, c.ID, tt.score, tt.comment)
			if tt.wantField != "" {
				kefutest.WantField(t, tt.name, err, tt.wantField)
			} else if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
		got := e.conversation(t, w, c.ID).Rating
		if got == nil || got.Score != 4 || got.Comment != "quick and kind" {
			t.Errorf("stored rating: got %+v, want the last one, 4 with its comment trimmed", got)
		}
	})
}
