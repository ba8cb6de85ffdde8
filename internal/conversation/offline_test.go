package conversation_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
)

// TestStartOfflineLabelled: a conversation started while nobody of the inbox is online carries
// the offline label (created once for the organisation) and the visitor's projection says so;
// one started while an agent is online does not.
func TestStartOfflineLabelled(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		w := e.mustWorld(t, false)
		ctx := context.Background()
		start := func(contact *kefu.Contact, text string) *kefu.Conversation {
			t.Helper()
			st, err := e.svc.StartForVisitor(ctx, visitorActor(w, contact), conversation.StartRequest{
				First: &kefu.SendRequest{ClientMsgID: unique("c"), Content: text},
			})
			kefutest.Must(t, err)
			return st.Conversation
		}
		for i, contact := range []*kefu.Contact{w.contact, w.other} {
			c := start(contact, "anyone there?")
			if !slices.Contains(c.Labels, kefu.OfflineMessageLabel) || !kefu.NewVisitorConversation(c).OfflineMessage {
				t.Errorf("start %d with nobody online: got labels %v, want %s and offline_message in the visitor's view", i, c.Labels, kefu.OfflineMessageLabel)
			}
		}
		labels, err := e.st.ListLabels(ctx, w.org.ID)
		kefutest.Must(t, err)
		n := 0
		for _, l := range labels {
			if l.Name == kefu.OfflineMessageLabel {
				n++
			}
		}
		if n != 1 {
			t.Errorf("organisation labels: got %d named %s, want exactly 1", n, kefu.OfflineMessageLabel)
		}

		e.presence.connect(w.agent.ID)
		third := e.mustContact(t, w, "Third")
		if c := start(third, "hello"); len(c.Labels) != 0 || kefu.NewVisitorConversation(c).OfflineMessage {
			t.Errorf("start with an agent online: got labels %v, want none", c.Labels)
		}
	})
}
